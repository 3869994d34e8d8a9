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

    /// <summary>The study's MLP networks for images of <paramref name="imageShape"/> [C, H, W].</summary>
    public static AdversarialAutoencoder Build(ExperimentConfig config, long[] imageShape)
    {
        int pixels = (int)imageShape.Aggregate(1L, (a, b) => a * b);
        // With labels the one-hot covers every component plus one "unlabelled" class.
        int labelClasses = config.UseLabels ? config.MixtureComponents + 1 : 0;
        return new AdversarialAutoencoder(
            new MlpEncoder(pixels, config.EncoderHidden, config.LatentSize),
            new MlpDecoder(config.LatentSize, config.DecoderHidden, imageShape),
            new MlpDiscriminator(config.LatentSize + labelClasses, config.DiscriminatorHidden),
            labelClasses);
    }
}
