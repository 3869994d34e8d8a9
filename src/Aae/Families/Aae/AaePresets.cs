using Aae.Config;

namespace Aae.Families.Aae;

/// <summary>The study's experiments: MNIST with three priors, and LFW faces.</summary>
static class AaePresets
{
    // The study used F = 512 for 300 epochs on a GPU; on 2 CPU cores an F = 32 epoch of the 5,174
    // training faces takes about 45 s, so the preset trains in about 40 minutes (docs/faces.md).
    internal const int LfwFeatures = 32;
    const int LfwEpochs = 50;
    // The 125-pixel files' centre 80 pixels keep hair, face and chin and drop most of the background (docs/faces.md).
    internal const int LfwCrop = 80;
    const int ParzenEpochs = 50;

    public static readonly IReadOnlyList<Presets.Preset> All =
    [
        new("mnist-gaussian", "MNIST, 2-D latent, Gaussian prior N(0, I)", new RunConfig { Preset = "mnist-gaussian", Family = new AaeOptions() }),
        new("mnist-umbrella", "MNIST, 2-D latent, 10-mode umbrella mixture prior",
            new RunConfig { Preset = "mnist-umbrella", Prior = new() { Kind = "umbrella" }, Family = new AaeOptions() }),
        new("mnist-umbrella-labels", "MNIST, umbrella prior, 20% of each batch's labels shown to the discriminator",
            new RunConfig { Preset = "mnist-umbrella-labels", Prior = new() { Kind = "umbrella" }, Family = new AaeOptions { UseLabels = true } }),
        // The AAE paper's generative MNIST model (its Table 1, appendix A): encoder, decoder and
        // discriminator of two ReLU layers of 1,000 units, an 8-d Gaussian code, batches of 100, a
        // Euclidean reconstruction cost; the last 10,000 training images are held out to choose the
        // Parzen width, as in the GAN paper's protocol. The paper's prior has standard deviation 5;
        // with the study's fixed λ that stalls at the mean digit (test MSE 0.069 against 0.048 at
        // sd 1 after 4 epochs of 20,000 images), and a code's scale is one linear layer away, so
        // the preset keeps N(0, I) (docs/generative.md).
        new("mnist-parzen", "MNIST, the AAE paper's generative model: 8-d Gaussian code, 1000-unit layers; its Parzen log-likelihood",
            new RunConfig
            {
                Preset = "mnist-parzen",
                Data = new() { ValidationCount = 10_000 },
                Networks = new() { EncoderHidden = [1000, 1000], DecoderHidden = [1000, 1000], DiscriminatorHidden = [1000, 1000] },
                Prior = new() { LatentSize = 8 },
                Family = new AaeOptions(),
                Training = new() { BatchSize = 100, Epochs = ParzenEpochs, GenerativeMetrics = true },
            }),
        new("lfw-faces", "LFW faces, one per person, 64x64 RGB, conv networks, 400-d Gaussian prior",
            new RunConfig
            {
                Preset = "lfw-faces",
                Data = new() { Dataset = "lfw" },
                Networks = new() { Architecture = "conv64", Features = LfwFeatures, DiscriminatorHidden = [400, 200] },
                Prior = new() { LatentSize = 400 },
                // With the study's fixed λ the 400-d discriminator separates the codes easily and its
                // gradient swamps the reconstruction (mean faces); the adaptive weight, the gradient
                // penalty and a slower encoder keep both terms at work (docs/faces.md).
                Family = new AaeOptions { AdaptiveLambda = true, Lambda = 1.0, GradientPenalty = 10 },
                Training = new() { BatchSize = 32, Epochs = LfwEpochs, EncoderLearningRate = 1e-4 },
            }),
        // Every image of 5,749 people, no person on both sides; the same networks, fewer epochs of 2.3
        // times the images, so that it trains within an hour here (156 s an epoch measured 2026-12-07).
        new("lfw-faces-all", "LFW faces, every image (13,233), held out by person, the face's centre, 64x64 RGB, 400-d Gaussian prior",
            new RunConfig
            {
                Preset = "lfw-faces-all",
                Data = new() { Dataset = "lfw", ImageSelection = "all", HeldOutBy = "class", Crop = LfwCrop },
                Networks = new() { Architecture = "conv64", Features = LfwFeatures, DiscriminatorHidden = [400, 200] },
                Prior = new() { LatentSize = 400 },
                Family = new AaeOptions { AdaptiveLambda = true, Lambda = 1.0, GradientPenalty = 10 },
                Training = new() { BatchSize = 32, Epochs = 20, EncoderLearningRate = 1e-4 },
            }),
    ];
}
