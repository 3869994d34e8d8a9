using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Aae.Networks;

/// <summary>Scores a code (optionally with a one-hot label appended): a logit, high for "drawn from the prior".</summary>
public sealed class MlpDiscriminator : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> layers;

    public MlpDiscriminator(int inputSize, IReadOnlyList<int> hidden) : base(nameof(MlpDiscriminator))
    {
        layers = Mlp.Build(inputSize, hidden, 1, () => ReLU());
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => layers.forward(input);
}
