using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Aae.Networks;

/// <summary>Latent code to image: Linear-ReLU stack, sigmoid output so pixels land in [0, 1].</summary>
public sealed class MlpDecoder : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> layers;
    private readonly long[] imageShape;

    public MlpDecoder(int latentSize, IReadOnlyList<int> hidden, long[] imageShape) : base(nameof(MlpDecoder))
    {
        this.imageShape = imageShape;
        layers = Mlp.Build(latentSize, hidden, (int)imageShape.Aggregate(1L, (a, b) => a * b), () => ReLU());
        RegisterComponents();
    }

    public long[] ImageShape => imageShape;

    /// <summary>The Linear-ReLU stack before the sigmoid (ONNX export walks it).</summary>
    internal Module<Tensor, Tensor> Layers => layers;

    public override Tensor forward(Tensor codes)
    {
        using var logits = layers.forward(codes);
        return logits.sigmoid().view([codes.shape[0], .. imageShape]);
    }
}
