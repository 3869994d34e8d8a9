using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Aae.Networks;

/// <summary>
/// 64x64 RGB image to latent code: three convolutions with batch norm and LeakyReLU(0.2)
/// (64 → 30 → 30 → 14 pixels, 4F → 3F → 2F channels), then a linear layer to the code.
/// </summary>
public sealed class ConvEncoder64 : Module<Tensor, Tensor>
{
    public const int ImageSize = 64;
    const int FeatureSize = 14;

    private readonly Module<Tensor, Tensor> features;
    private readonly Module<Tensor, Tensor> toCode;

    /// <param name="width">F, the channel multiplier (32 in the study).</param>
    public ConvEncoder64(int width, int latentSize) : base(nameof(ConvEncoder64))
    {
        // No conv biases: batch norm's shift takes their place.
        features = Sequential(
            ("conv0", Conv2d(3, 4 * width, 5, stride: 2, bias: false)),
            ("norm0", BatchNorm2d(4 * width)),
            ("act0", LeakyReLU(0.2)),
            ("conv1", Conv2d(4 * width, 3 * width, 3, stride: 1, padding: 1, bias: false)),
            ("norm1", BatchNorm2d(3 * width)),
            ("act1", LeakyReLU(0.2)),
            ("conv2", Conv2d(3 * width, 2 * width, 3, stride: 2, bias: false)),
            ("norm2", BatchNorm2d(2 * width)),
            ("act2", LeakyReLU(0.2)));
        toCode = Linear(2 * width * FeatureSize * FeatureSize, latentSize);
        RegisterComponents();
    }

    // The two stages around the flatten, for ONNX export.
    internal Module<Tensor, Tensor> Features => features;
    internal Module<Tensor, Tensor> ToCode => toCode;

    public override Tensor forward(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != 3 || images.shape[2] != ImageSize || images.shape[3] != ImageSize)
            throw new AaeException($"{nameof(ConvEncoder64)} takes [N, 3, {ImageSize}, {ImageSize}] images, got [{string.Join(", ", images.shape)}]");
        // call rather than forward runs the layers' hooks (the benchmark counts FLOPs with them).
        using var maps = features.call(images);
        return toCode.call(maps.flatten(1));
    }
}
