using Aae.Config;
using static TorchSharp.torch;

namespace Aae.Networks;

/// <summary>The one place that turns <see cref="NetworkSettings"/> into encoders, decoders and discriminators.</summary>
public static class NetworkFactory
{
    /// <summary>Images [N, C, H, W] of <paramref name="imageShape"/> to vectors [N, <paramref name="outputSize"/>].</summary>
    public static nn.Module<Tensor, Tensor> Encoder(NetworkSettings settings, long[] imageShape, int outputSize)
    {
        if (settings.Architecture != "conv64") return new MlpEncoder(Pixels(imageShape), settings.EncoderHidden, outputSize);
        CheckConvShape(imageShape);
        return new ConvEncoder64(settings.Features, outputSize);
    }

    /// <summary>Vectors [N, <paramref name="inputSize"/>] to images of <paramref name="imageShape"/> in [0, 1].</summary>
    public static nn.Module<Tensor, Tensor> Decoder(NetworkSettings settings, int inputSize, long[] imageShape)
    {
        if (settings.Architecture != "conv64") return new MlpDecoder(inputSize, settings.DecoderHidden, imageShape);
        CheckConvShape(imageShape);
        return new ConvDecoder64(inputSize, settings.Features);
    }

    /// <summary>An MLP from [N, <paramref name="inputSize"/>] to one logit, whatever the architecture (it sees codes, not images).</summary>
    public static nn.Module<Tensor, Tensor> Discriminator(NetworkSettings settings, int inputSize) =>
        new MlpDiscriminator(inputSize, settings.DiscriminatorHidden);

    static void CheckConvShape(long[] imageShape)
    {
        if (imageShape is not [3, ConvEncoder64.ImageSize, ConvEncoder64.ImageSize])
            throw new AaeException($"the conv64 networks take 3x64x64 images, the data is {string.Join("x", imageShape)} (use --architecture mlp)");
    }

    static int Pixels(long[] imageShape) => (int)imageShape.Aggregate(1L, (a, b) => a * b);
}
