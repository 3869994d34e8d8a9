using Aae.Families;

namespace Aae.Config;

/// <summary>
/// The one place that names and describes each setting a user can give (defaults live in the
/// sections and presets). The command line derives its options from this list, in this order.
/// </summary>
public static class Settings
{
    static Setting<T> S<T>(string name, string description, Func<RunConfig, T> get, Func<RunConfig, T, RunConfig> set) =>
        new(name, description, get, set);

    public static readonly IReadOnlyList<Setting> All =
    [
        S("--family", $"model family: {string.Join(", ", ModelFamilies.Names)}",
            c => c.Family.Name, (c, v) => c with { Family = c.Family with { Name = v } }),
        S("--dataset", "mnist, fashion-mnist, lfw, or folder:PATH (JPEG/PNG images in per-class subfolders)",
            c => c.Data.Dataset, (c, v) => c with { Data = c.Data with { Dataset = v } }),
        S("--all", "image folders: every image (true) or the first of each class folder (false)",
            c => c.Data.ImageSelection == "all", (c, v) => c with { Data = c.Data with { ImageSelection = v ? "all" : "one" } }),
        S("--image-size", "image folders: resize to N x N",
            c => c.Data.ImageSize, (c, v) => c with { Data = c.Data with { ImageSize = v } }),
        S("--held-out", "image folders: fraction held out for out-of-sample figures and errors",
            c => c.Data.HeldOutFraction, (c, v) => c with { Data = c.Data with { HeldOutFraction = v } }),
        S<int?>("--limit", "train on the first N training images only",
            c => c.Data.Limit, (c, v) => c with { Data = c.Data with { Limit = v } }),
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
        S("--lambda", "weight of the regulariser: the adversarial terms (aae) or the MMD (wae)",
            c => c.Family.Lambda, (c, v) => c with { Family = c.Family with { Lambda = v } }),
        S("--adaptive-lambda", "true: λ scales the fooling gradient relative to the reconstruction gradient at the codes; false: loss = reconstruction + λ·fooling (the study)",
            c => c.Family.AdaptiveLambda, (c, v) => c with { Family = c.Family with { AdaptiveLambda = v } }),
        S("--gradient-penalty", "weight γ of the discriminator's gradient penalty between prior and codes (0 = off)",
            c => c.Family.GradientPenalty, (c, v) => c with { Family = c.Family with { GradientPenalty = v } }),
        S("--labels", "show label information to the discriminator",
            c => c.Family.UseLabels, (c, v) => c with { Family = c.Family with { UseLabels = v } }),
        S("--labelled", "fraction of each batch that carries its label (with --labels)",
            c => c.Family.LabelledFraction, (c, v) => c with { Family = c.Family with { LabelledFraction = v } }),
        S("--style-per-class", "supervised-aae: the discriminator sees each style code with its label, so no class can keep codes of its own",
            c => c.Family.StylePerClass, (c, v) => c with { Family = c.Family with { StylePerClass = v } }),
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
        S("--adam-beta1", "Adam's β1 for every optimiser",
            c => c.Training.AdamBeta1, (c, v) => c with { Training = c.Training with { AdamBeta1 = v } }),
        S("--seed", "random seed (weights, batches, prior samples)",
            c => c.Training.Seed, (c, v) => c with { Training = c.Training with { Seed = v } }),
        S("--keep-checkpoints", "epochs whose weights are kept as checkpoints/epoch-N.ckpt, comma-separated (for 'aae transfer --epoch N')",
            c => c.Training.KeepCheckpoints, (c, v) => c with { Training = c.Training with { KeepCheckpoints = v } }),
        S("--threads", "CPU threads",
            c => c.Training.Threads, (c, v) => c with { Training = c.Training with { Threads = v } }),
    ];

    public static Setting Find(string name) =>
        All.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"no setting {name}");
}
