using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Aae.Networks;

/// <summary>Image (flattened) to latent code: Linear-LeakyReLU(0.2) stack, linear output.</summary>
public sealed class MlpEncoder : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> layers;

    public MlpEncoder(int pixels, IReadOnlyList<int> hidden, int latentSize) : base(nameof(MlpEncoder))
    {
        layers = Mlp.Build(pixels, hidden, latentSize, () => LeakyReLU(0.2));
        RegisterComponents();
    }

    /// <summary>The Linear-LeakyReLU stack after the flatten (ONNX export walks it).</summary>
    internal Module<Tensor, Tensor> Layers => layers;

    public override Tensor forward(Tensor images) => layers.forward(images.flatten(1));
}
