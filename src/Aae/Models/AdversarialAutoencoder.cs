using Aae.Experiments;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Aae.Models;

/// <summary>The three networks of an AAE, kept together so they save and load as one.</summary>
public sealed class AdversarialAutoencoder : Module
{
    private readonly Module<Tensor, Tensor> encoder;
    private readonly Module<Tensor, Tensor> decoder;
    private readonly Module<Tensor, Tensor> discriminator;

    public AdversarialAutoencoder(Module<Tensor, Tensor> encoder, Module<Tensor, Tensor> decoder,
        Module<Tensor, Tensor> discriminator, int labelClasses) : base(nameof(AdversarialAutoencoder))
    {
        this.encoder = encoder;
        this.decoder = decoder;
        this.discriminator = discriminator;
        LabelClasses = labelClasses;
        RegisterComponents();
    }

    public Module<Tensor, Tensor> Encoder => encoder;
    public Module<Tensor, Tensor> Decoder => decoder;
    public Module<Tensor, Tensor> Discriminator => discriminator;

    /// <summary>Size of the one-hot the discriminator sees beside each code (0 without labels).</summary>
    public int LabelClasses { get; }

    /// <summary>
    /// The study's networks for images of <paramref name="imageShape"/> [C, H, W]: the MNIST MLPs, or
    /// the faces convolutions (conv64, 64x64 RGB). The discriminator is an MLP on the code either way.
    /// </summary>
    public static AdversarialAutoencoder Build(ExperimentConfig config, long[] imageShape)
    {
        // With labels the one-hot covers every component plus one "unlabelled" class.
        int labelClasses = config.UseLabels ? config.MixtureComponents + 1 : 0;
        var discriminator = new MlpDiscriminator(config.LatentSize + labelClasses, config.DiscriminatorHidden);
        if (config.Architecture == "conv64")
        {
            if (imageShape is not [3, ConvEncoder64.ImageSize, ConvEncoder64.ImageSize])
                throw new AaeException($"the conv64 networks take 3x64x64 images, the data is {string.Join("x", imageShape)}");
            OneDnn.DisableForNarrowNetworks(config.Features);
            return new AdversarialAutoencoder(new ConvEncoder64(config.Features, config.LatentSize),
                new ConvDecoder64(config.LatentSize, config.Features), discriminator, labelClasses);
        }
        int pixels = (int)imageShape.Aggregate(1L, (a, b) => a * b);
        return new AdversarialAutoencoder(
            new MlpEncoder(pixels, config.EncoderHidden, config.LatentSize),
            new MlpDecoder(config.LatentSize, config.DecoderHidden, imageShape),
            discriminator, labelClasses);
    }
}
