using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Aae.Networks;

/// <summary>
/// Latent code to 64x64 RGB image, mirroring <see cref="ConvEncoder64"/>: a linear layer to 2F
/// maps of 14x14, then transposed convolutions with batch norm and ReLU (14 → 30 → 30 → 64),
/// sigmoid output so pixels land in [0, 1].
/// </summary>
public sealed class ConvDecoder64 : Module<Tensor, Tensor>
{
    internal const int FeatureSize = 14;

    private readonly Module<Tensor, Tensor> fromCode;
    private readonly Module<Tensor, Tensor> features;
    private readonly long featureChannels;

    /// <param name="width">F, the channel multiplier (32 in the study).</param>
    public ConvDecoder64(int latentSize, int width) : base(nameof(ConvDecoder64))
    {
        featureChannels = 2 * width;
        fromCode = Sequential(
            ("linear", Linear(latentSize, featureChannels * FeatureSize * FeatureSize)),
            ("act", ReLU()));
        features = Sequential(
            ("deconv0", ConvTranspose2d(2 * width, 3 * width, 4, stride: 2, bias: false)),
            ("norm0", BatchNorm2d(3 * width)),
            ("act0", ReLU()),
            ("deconv1", ConvTranspose2d(3 * width, 4 * width, 3, stride: 1, padding: 1, bias: false)),
            ("norm1", BatchNorm2d(4 * width)),
            ("act1", ReLU()),
            ("deconv2", ConvTranspose2d(4 * width, 3, 6, stride: 2)),
            ("out", Sigmoid()));
        RegisterComponents();
    }

    // The two stages around the reshape to [N, FeatureChannels, FeatureSize, FeatureSize], for ONNX export.
    internal Module<Tensor, Tensor> FromCode => fromCode;
    internal Module<Tensor, Tensor> Features => features;
    internal long FeatureChannels => featureChannels;

    public override Tensor forward(Tensor codes)
    {
        // call rather than forward runs the layers' hooks (the benchmark counts FLOPs with them).
        using var flat = fromCode.call(codes);
        using var maps = flat.view(codes.shape[0], featureChannels, FeatureSize, FeatureSize);
        return features.call(maps);
    }
}
