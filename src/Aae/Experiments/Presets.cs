namespace Aae.Experiments;

/// <summary>The named experiments: the study's setups, each a starting configuration.</summary>
public static class Presets
{
    public sealed record Preset(string Name, string Description, ExperimentConfig Config);

    public static readonly IReadOnlyList<Preset> All =
    [
        new("mnist-gaussian", "MNIST, 2-D latent, Gaussian prior N(0, I)",
            new ExperimentConfig { Preset = "mnist-gaussian" }),
        new("mnist-umbrella", "MNIST, 2-D latent, 10-mode umbrella mixture prior",
            new ExperimentConfig { Preset = "mnist-umbrella", Prior = "umbrella" }),
        new("mnist-umbrella-labels", "MNIST, umbrella prior, 20% of each batch's labels shown to the discriminator",
            new ExperimentConfig { Preset = "mnist-umbrella-labels", Prior = "umbrella", UseLabels = true }),
        new("lfw-faces", "LFW faces, one per person, 64x64 RGB, conv networks, 400-d Gaussian prior",
            new ExperimentConfig
            {
                Preset = "lfw-faces", Dataset = "lfw", Architecture = "conv64", Features = LfwFeatures, LatentSize = 400,
                DiscriminatorHidden = [400, 200], BatchSize = 32, Epochs = LfwEpochs,
                // With the study's fixed λ the 400-d discriminator separates the codes easily and its
                // gradient swamps the reconstruction (mean faces); the adaptive weight, the gradient
                // penalty and a slower encoder keep both terms at work (README, "Faces").
                AdaptiveLambda = true, Lambda = 1.0, GradientPenalty = 10, EncoderLearningRate = 1e-4,
            }),
    ];

    // The study used F = 512 for 300 epochs on a GPU; on 2 CPU cores an F = 32 epoch of the 5,174
    // training faces takes about 45 s, so the preset trains in about 40 minutes (see README).
    const int LfwFeatures = 32;
    const int LfwEpochs = 50;

    public const string CifarCnn = "cifar10-cnn";
    public const string CifarTransfer = "cifar10-transfer";

    /// <summary>Presets that are not a single AAE: the CIFAR-10 classifiers of the transfer study.</summary>
    public static readonly IReadOnlyList<(string Name, string Description)> Studies =
    [
        (CifarCnn, "CIFAR-10, the pixel CNN (the study's specialist baseline)"),
        (CifarTransfer, "CIFAR-10 transfer study: faces encoder codes + LightGBM (all, car/ship) vs the CNN, one table"),
    ];

    public static IEnumerable<string> Names => All.Select(p => p.Name).Concat(Studies.Select(s => s.Name));

    public static Preset Find(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new AaeException($"unknown preset '{name}' (known: {string.Join(", ", Names)})");
}
