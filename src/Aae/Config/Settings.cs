using Aae.Families;

namespace Aae.Config;

/// <summary>
/// The one place that names and describes each shared setting a user can give (defaults live in
/// the sections and presets); each family's own settings are in its folder
/// (<see cref="FamilyDescriptor.Settings"/>). The command line derives its options from these lists, in order.
/// </summary>
public static class Settings
{
    static Setting<T> S<T>(string name, string description, Func<RunConfig, T> get, Func<RunConfig, T, RunConfig> set) =>
        new(name, description, get, set);

    /// <summary>The settings of every run, whatever its family.</summary>
    public static readonly IReadOnlyList<Setting> Shared =
    [
        // Naming another family starts from its default options; its own settings follow in the order given.
        S("--family", $"model family: {string.Join(", ", ModelFamilies.Names)}",
            c => c.Family.Name, (c, v) => c.Family.Name == v ? c : c with { Family = ModelFamilies.Find(v).DefaultOptions() }),
        S("--dataset", "mnist, fashion-mnist, lfw, or folder:PATH (JPEG/PNG images in per-class subfolders)",
            c => c.Data.Dataset, (c, v) => c with { Data = c.Data with { Dataset = v } }),
        S("--all", "image folders: every image (true) or the first of each class folder (false)",
            c => c.Data.ImageSelection == "all", (c, v) => c with { Data = c.Data with { ImageSelection = v ? "all" : "one" } }),
        S("--image-size", "image folders: resize to N x N",
            c => c.Data.ImageSize, (c, v) => c with { Data = c.Data with { ImageSize = v } }),
        S<int?>("--crop", "image folders: take the centre N x N pixels of each image as stored, before the resize",
            c => c.Data.Crop, (c, v) => c with { Data = c.Data with { Crop = v } }),
        S("--held-out", "image folders: fraction held out for out-of-sample figures and errors",
            c => c.Data.HeldOutFraction, (c, v) => c with { Data = c.Data with { HeldOutFraction = v } }),
        S("--held-out-by", "image folders: hold out a fraction of the images (image), of whole class folders such as LFW's people (class), or half each: whole classes and one image of each of other classes (class-and-image)",
            c => c.Data.HeldOutBy, (c, v) => c with { Data = c.Data with { HeldOutBy = v } }),
        S<int?>("--limit", "train on the first N training images only",
            c => c.Data.Limit, (c, v) => c with { Data = c.Data with { Limit = v } }),
        S("--validation", "hold out the last N training images as a validation set (never trained on; epochs are chosen on it)",
            c => c.Data.ValidationCount, (c, v) => c with { Data = c.Data with { ValidationCount = v } }),
        S("--deskew", "mnist, fashion-mnist: shear each image upright and centre it on its ink, in training and in every command that takes images (mnist-cluster-*: true)",
            c => c.Data.Deskew, (c, v) => c with { Data = c.Data with { Deskew = v } }),
        S("--architecture", "mlp (MNIST networks) or conv64 (faces networks)",
            c => c.Networks.Architecture, (c, v) => c with { Networks = c.Networks with { Architecture = v } }),
        S("--features", "width F of the conv64 networks",
            c => c.Networks.Features, (c, v) => c with { Networks = c.Networks with { Features = v } }),
        S("--encoder-hidden", "encoder hidden sizes, comma-separated",
            c => c.Networks.EncoderHidden, (c, v) => c with { Networks = c.Networks with { EncoderHidden = v } }),
        S("--decoder-hidden", "decoder hidden sizes, comma-separated",
            c => c.Networks.DecoderHidden, (c, v) => c with { Networks = c.Networks with { DecoderHidden = v } }),
        S("--discriminator-hidden", "discriminator hidden sizes, comma-separated",
            c => c.Networks.DiscriminatorHidden, (c, v) => c with { Networks = c.Networks with { DiscriminatorHidden = v } }),
        S("--prior", "gaussian, umbrella or swiss-roll",
            c => c.Prior.Kind, (c, v) => c with { Prior = c.Prior with { Kind = v } }),
        S("--latent-size", "size of the code (the style code of supervised-aae)",
            c => c.Prior.LatentSize, (c, v) => c with { Prior = c.Prior with { LatentSize = v } }),
        S("--gaussian-sd", "standard deviation of the Gaussian prior",
            c => c.Prior.GaussianSd, (c, v) => c with { Prior = c.Prior with { GaussianSd = v } }),
        S("--mixture-components", "modes of the umbrella or swiss roll",
            c => c.Prior.MixtureComponents, (c, v) => c with { Prior = c.Prior with { MixtureComponents = v } }),
        S("--mixture-radius", "radius of the umbrella's circle of means",
            c => c.Prior.MixtureRadius, (c, v) => c with { Prior = c.Prior with { MixtureRadius = v } }),
        S("--mixture-long", "umbrella covariance diag(long²/2, short²/2): long",
            c => c.Prior.MixtureLongAxis, (c, v) => c with { Prior = c.Prior with { MixtureLongAxis = v } }),
        S("--mixture-short", "umbrella covariance: short",
            c => c.Prior.MixtureShortAxis, (c, v) => c with { Prior = c.Prior with { MixtureShortAxis = v } }),
        S("--swiss-roll-noise", "noise around the swiss roll",
            c => c.Prior.SwissRollNoise, (c, v) => c with { Prior = c.Prior with { SwissRollNoise = v } }),
        S("--epochs", "epochs to train",
            c => c.Training.Epochs, (c, v) => c with { Training = c.Training with { Epochs = v } }),
        S("--batch-size", "images per batch",
            c => c.Training.BatchSize, (c, v) => c with { Training = c.Training with { BatchSize = v } }),
        S("--lr", "learning rate of every Adam optimiser (the three below)",
            c => c.Training.DecoderLearningRate,
            (c, v) => c with { Training = c.Training with { EncoderLearningRate = v, DecoderLearningRate = v, DiscriminatorLearningRate = v } }),
        S("--encoder-lr", "encoder learning rate",
            c => c.Training.EncoderLearningRate, (c, v) => c with { Training = c.Training with { EncoderLearningRate = v } }),
        S("--decoder-lr", "decoder learning rate",
            c => c.Training.DecoderLearningRate, (c, v) => c with { Training = c.Training with { DecoderLearningRate = v } }),
        S("--discriminator-lr", "discriminator learning rate",
            c => c.Training.DiscriminatorLearningRate, (c, v) => c with { Training = c.Training with { DiscriminatorLearningRate = v } }),
        S("--lr-decay-epochs", "every learning rate x0.1 from each of these epochs on, comma-separated",
            c => c.Training.LearningRateDecayEpochs, (c, v) => c with { Training = c.Training with { LearningRateDecayEpochs = v } }),
        S("--adam-beta1", "Adam's β1 for every optimiser",
            c => c.Training.AdamBeta1, (c, v) => c with { Training = c.Training with { AdamBeta1 = v } }),
        S("--seed", "random seed (weights, batches, prior samples)",
            c => c.Training.Seed, (c, v) => c with { Training = c.Training with { Seed = v } }),
        S("--keep-checkpoints", "epochs whose weights are kept as checkpoints/epoch-N.ckpt, comma-separated (for 'aae transfer --epoch N')",
            c => c.Training.KeepCheckpoints, (c, v) => c with { Training = c.Training with { KeepCheckpoints = v } }),
        S("--generative-metrics", "28x28 grey images: at the end also the Parzen log-likelihood, Fréchet distances, precision and recall of samples (as 'aae evaluate --generative')",
            c => c.Training.GenerativeMetrics, (c, v) => c with { Training = c.Training with { GenerativeMetrics = v } }),
        S("--threads", "CPU threads",
            c => c.Training.Threads, (c, v) => c with { Training = c.Training with { Threads = v } }),
    ];

    /// <summary>The settings of a run of the family called <paramref name="family"/>: the shared ones, then the family's.</summary>
    public static IReadOnlyList<Setting> For(string family) => [.. Shared, .. ModelFamilies.Find(family).Settings];

    /// <summary>The setting called <paramref name="name"/> among the shared ones and <paramref name="family"/>'s.</summary>
    public static Setting Find(string name, string family = "aae") =>
        For(family).FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"no setting {name} for {family}");

    /// <summary>The families that have a setting called <paramref name="name"/> (empty for a shared or unknown one).</summary>
    public static IEnumerable<string> FamiliesWith(string name) =>
        ModelFamilies.All.Where(d => d.Settings.Any(s => s.Name == name)).Select(d => d.Name);
}
