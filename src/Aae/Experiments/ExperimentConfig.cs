namespace Aae.Experiments;

/// <summary>
/// Every setting of a run, with the study's values as defaults. Saved as config.json so a run
/// can be repeated, reloaded and resumed from its folder alone.
/// </summary>
public sealed record ExperimentConfig
{
    public string Preset { get; init; } = "mnist-gaussian";
    /// <summary>mnist, fashion-mnist, lfw, or folder:PATH (any folder of JPEG/PNG images in per-class subfolders).</summary>
    public string Dataset { get; init; } = "mnist";

    /// <summary>Image folders: "one" image per class folder (the study's LFW selection) or "all".</summary>
    public string ImageSelection { get; init; } = "one";

    /// <summary>Image folders are resized to ImageSize x ImageSize RGB.</summary>
    public int ImageSize { get; init; } = 64;

    /// <summary>Image folders have no test split: this fraction (seeded) is held out for out-of-sample figures and MSE.</summary>
    public double HeldOutFraction { get; init; } = 0.1;

    /// <summary>mlp (the MNIST networks) or conv64 (the faces networks, 64x64 RGB).</summary>
    public string Architecture { get; init; } = "mlp";

    /// <summary>Width F of the conv64 networks (channels 4F, 3F, 2F).</summary>
    public int Features { get; init; } = 32;

    /// <summary>gaussian, umbrella or swiss-roll.</summary>
    public string Prior { get; init; } = "gaussian";
    public int LatentSize { get; init; } = 2;
    public int[] EncoderHidden { get; init; } = [256, 64];
    public int[] DecoderHidden { get; init; } = [64, 256];
    public int[] DiscriminatorHidden { get; init; } = [128, 128];

    /// <summary>Weight λ of the adversarial terms against the reconstruction error.</summary>
    public double Lambda { get; init; } = 0.1;
    public double EncoderLearningRate { get; init; } = 1e-3;
    public double DecoderLearningRate { get; init; } = 1e-3;
    public double DiscriminatorLearningRate { get; init; } = 1e-3;
    /// <summary>
    /// Weight γ of the discriminator's zero-centred gradient penalty between prior samples and codes:
    /// it keeps a discriminator in many dimensions from separating the codes with ever steeper
    /// logits, whose gradient would swamp the reconstruction. 0 turns it off (the study's setup).
    /// </summary>
    public double GradientPenalty { get; init; }
    /// <summary>
    /// False (the study): the autoencoder minimises reconstruction + λ·fooling. True: λ is relative,
    /// the fooling gradient at the codes is rescaled to λ times the reconstruction gradient's size.
    /// </summary>
    public bool AdaptiveLambda { get; init; }
    public int BatchSize { get; init; } = 128;
    public int Epochs { get; init; } = 45;

    /// <summary>Feed label information to the discriminator (one-hot over classes + "unlabelled").</summary>
    public bool UseLabels { get; init; }
    public double LabelledFraction { get; init; } = 0.2;

    public double GaussianSd { get; init; } = 1.0;
    public int MixtureComponents { get; init; } = 10;
    public double MixtureRadius { get; init; } = 2.0;
    /// <summary>The umbrella's covariance is diag(long²/2, short²/2), rotated to point along the radius.</summary>
    public double MixtureLongAxis { get; init; } = 0.75;
    public double MixtureShortAxis { get; init; } = 0.25;
    public double SwissRollNoise { get; init; } = 0.05;

    public long Seed { get; init; }
    public int Threads { get; init; } = 2;

    /// <summary>Train on the first N training images only (quick looks); null for all.</summary>
    public int? Limit { get; init; }

    /// <summary>Checks values a user can get wrong; throws with a message naming the setting.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok) throw new AaeException(message);
        }
        Require(Epochs >= 1, $"--epochs must be at least 1 (got {Epochs})");
        Require(BatchSize >= 1, $"--batch-size must be at least 1 (got {BatchSize})");
        Require(LatentSize >= 1, $"--latent-size must be at least 1 (got {LatentSize})");
        Require(GradientPenalty >= 0, $"--gradient-penalty must not be negative (got {GradientPenalty})");
        Require(Lambda >= 0, $"--lambda must not be negative (got {Lambda})");
        Require(EncoderLearningRate > 0 && DecoderLearningRate > 0 && DiscriminatorLearningRate > 0,
            "learning rates must be positive");
        Require(LabelledFraction is >= 0 and <= 1, $"--labelled must be between 0 and 1 (got {LabelledFraction})");
        Require(Threads >= 1, $"--threads must be at least 1 (got {Threads})");
        Require(Limit is null or >= 1, $"--limit must be at least 1 (got {Limit})");
        Require(EncoderHidden.Concat(DecoderHidden).Concat(DiscriminatorHidden).All(h => h >= 1),
            "hidden layer sizes must be positive");
        Require(Prior is "gaussian" or "umbrella" or "swiss-roll",
            $"--prior must be gaussian, umbrella or swiss-roll (got '{Prior}')");
        Require(Prior == "gaussian" || LatentSize == 2, $"the {Prior} prior is 2-D: use --latent-size 2");
        Require(MixtureComponents >= 2, $"--mixture-components must be at least 2 (got {MixtureComponents})");
        Require(MixtureRadius > 0 && MixtureLongAxis > 0 && MixtureShortAxis > 0 && GaussianSd > 0 && SwissRollNoise >= 0,
            "prior scales must be positive");
        Require(Architecture is "mlp" or "conv64", $"--architecture must be mlp or conv64 (got '{Architecture}')");
        Require(Features >= 1, $"--features must be at least 1 (got {Features})");
        Require(Architecture != "conv64" || ImageSize == 64, "the conv64 networks take 64x64 images: use --image-size 64");
        Require(ImageSelection is "one" or "all", $"image selection must be one or all (got '{ImageSelection}')");
        Require(ImageSize is >= 8 and <= 512, $"--image-size must be between 8 and 512 (got {ImageSize})");
        Require(HeldOutFraction is >= 0 and < 1, $"--held-out must be in [0, 1) (got {HeldOutFraction})");
        Require(!UseLabels || Prior != "gaussian", "--labels needs a prior with one component per class (umbrella or swiss-roll)");
    }
}
