using System.CommandLine;
using System.Globalization;
using Aae.Experiments;

namespace Aae.Cli;

/// <summary>One command-line option per setting of <see cref="ExperimentConfig"/>; a given option overrides the preset.</summary>
sealed class ConfigOptions
{
    readonly Option<string?> dataset = new("--dataset") { Description = "mnist, fashion-mnist, lfw, or folder:PATH (JPEG/PNG images in per-class subfolders)" };
    readonly Option<bool> allImages = new("--all") { Description = "image folders: take every image (default for lfw: one per person)" };
    readonly Option<bool> onePerPerson = new("--one-per-person") { Description = "image folders: the first image of each class folder" };
    readonly Option<int?> imageSize = new("--image-size") { Description = "image folders: resize to N x N (64)" };
    readonly Option<double?> heldOut = new("--held-out") { Description = "image folders: fraction held out for out-of-sample figures (0.1)" };
    readonly Option<string?> architecture = new("--architecture") { Description = "mlp (MNIST networks) or conv64 (faces networks)" };
    readonly Option<int?> features = new("--features") { Description = "width F of the conv64 networks (lfw-faces: 32)" };
    readonly Option<string?> prior = new("--prior") { Description = "gaussian, umbrella or swiss-roll" };
    readonly Option<int?> latentSize = new("--latent-size") { Description = "size of the code (2 in the study)" };
    readonly Option<string?> encoderHidden = new("--encoder-hidden") { Description = "encoder hidden sizes, comma-separated (256,64)" };
    readonly Option<string?> decoderHidden = new("--decoder-hidden") { Description = "decoder hidden sizes (64,256)" };
    readonly Option<string?> discriminatorHidden = new("--discriminator-hidden") { Description = "discriminator hidden sizes (128,128)" };
    readonly Option<double?> lambda = new("--lambda") { Description = "weight of the adversarial terms (0.1)" };
    readonly Option<double?> gradientPenalty = new("--gradient-penalty") { Description = "weight γ of the discriminator's gradient penalty between prior and codes (0 = off)" };
    readonly Option<bool?> adaptiveLambda = new("--adaptive-lambda") { Description = "true: λ scales the fooling gradient relative to the reconstruction gradient at the codes (lfw-faces); false: loss = reconstruction + λ·fooling (MNIST, the study)" };
    readonly Option<double?> learningRate = new("--lr") { Description = "learning rate of all three Adam optimisers (1e-3)" };
    readonly Option<double?> encoderLearningRate = new("--encoder-lr") { Description = "encoder learning rate" };
    readonly Option<double?> decoderLearningRate = new("--decoder-lr") { Description = "decoder learning rate" };
    readonly Option<double?> discriminatorLearningRate = new("--discriminator-lr") { Description = "discriminator learning rate" };
    readonly Option<int?> batchSize = new("--batch-size") { Description = "images per batch (128)" };
    readonly Option<int?> epochs = new("--epochs") { Description = "epochs to train (45)" };
    readonly Option<bool?> labels = new("--labels") { Description = "show label information to the discriminator (true/false)" };
    readonly Option<double?> labelled = new("--labelled") { Description = "fraction of each batch that carries its label (0.2)" };
    readonly Option<double?> gaussianSd = new("--gaussian-sd") { Description = "standard deviation of the Gaussian prior (1)" };
    readonly Option<int?> mixtureComponents = new("--mixture-components") { Description = "modes of the umbrella or swiss roll (10)" };
    readonly Option<double?> mixtureRadius = new("--mixture-radius") { Description = "radius of the umbrella's circle of means (2)" };
    readonly Option<double?> mixtureLong = new("--mixture-long") { Description = "umbrella covariance diag(long²/2, short²/2): long (0.75)" };
    readonly Option<double?> mixtureShort = new("--mixture-short") { Description = "umbrella short axis (0.25)" };
    readonly Option<double?> swissRollNoise = new("--swiss-roll-noise") { Description = "noise around the swiss roll (0.05)" };
    readonly Option<long?> seed = new("--seed") { Description = "random seed (0)" };
    readonly Option<int?> threads = new("--threads") { Description = "CPU threads (2)" };
    readonly Option<int?> limit = new("--limit") { Description = "train on the first N training images only" };

    public IEnumerable<Option> All =>
    [
        dataset, allImages, onePerPerson, imageSize, heldOut, architecture, features, prior, latentSize, encoderHidden, decoderHidden, discriminatorHidden, lambda, gradientPenalty, adaptiveLambda, learningRate,
        encoderLearningRate, decoderLearningRate, discriminatorLearningRate, batchSize, epochs, labels, labelled,
        gaussianSd, mixtureComponents, mixtureRadius, mixtureLong, mixtureShort, swissRollNoise, seed, threads, limit,
    ];

    /// <summary>The preset's configuration with every given option applied.</summary>
    public ExperimentConfig Apply(ExperimentConfig config, ParseResult result)
    {
        var lr = result.GetValue(learningRate);
        return config with
        {
            Dataset = result.GetValue(dataset) ?? config.Dataset,
            ImageSelection = result.GetValue(allImages) ? "all" : result.GetValue(onePerPerson) ? "one" : config.ImageSelection,
            ImageSize = result.GetValue(imageSize) ?? config.ImageSize,
            HeldOutFraction = result.GetValue(heldOut) ?? config.HeldOutFraction,
            Architecture = result.GetValue(architecture) ?? config.Architecture,
            Features = result.GetValue(features) ?? config.Features,
            Prior = result.GetValue(prior) ?? config.Prior,
            LatentSize = result.GetValue(latentSize) ?? config.LatentSize,
            EncoderHidden = Sizes(result, encoderHidden) ?? config.EncoderHidden,
            DecoderHidden = Sizes(result, decoderHidden) ?? config.DecoderHidden,
            DiscriminatorHidden = Sizes(result, discriminatorHidden) ?? config.DiscriminatorHidden,
            Lambda = result.GetValue(lambda) ?? config.Lambda,
            GradientPenalty = result.GetValue(gradientPenalty) ?? config.GradientPenalty,
            AdaptiveLambda = result.GetValue(adaptiveLambda) ?? config.AdaptiveLambda,
            EncoderLearningRate = result.GetValue(encoderLearningRate) ?? lr ?? config.EncoderLearningRate,
            DecoderLearningRate = result.GetValue(decoderLearningRate) ?? lr ?? config.DecoderLearningRate,
            DiscriminatorLearningRate = result.GetValue(discriminatorLearningRate) ?? lr ?? config.DiscriminatorLearningRate,
            BatchSize = result.GetValue(batchSize) ?? config.BatchSize,
            Epochs = result.GetValue(epochs) ?? config.Epochs,
            UseLabels = result.GetValue(labels) ?? config.UseLabels,
            LabelledFraction = result.GetValue(labelled) ?? config.LabelledFraction,
            GaussianSd = result.GetValue(gaussianSd) ?? config.GaussianSd,
            MixtureComponents = result.GetValue(mixtureComponents) ?? config.MixtureComponents,
            MixtureRadius = result.GetValue(mixtureRadius) ?? config.MixtureRadius,
            MixtureLongAxis = result.GetValue(mixtureLong) ?? config.MixtureLongAxis,
            MixtureShortAxis = result.GetValue(mixtureShort) ?? config.MixtureShortAxis,
            SwissRollNoise = result.GetValue(swissRollNoise) ?? config.SwissRollNoise,
            Seed = result.GetValue(seed) ?? config.Seed,
            Threads = result.GetValue(threads) ?? config.Threads,
            Limit = result.GetValue(limit) ?? config.Limit,
        };
    }

    /// <summary>The CNN's settings with the options that apply to it (epochs, batch size, learning rate, seed, threads, limit).</summary>
    public CnnConfig ApplyCnn(CnnConfig config, ParseResult result) => config with
    {
        Epochs = result.GetValue(epochs) ?? config.Epochs,
        BatchSize = result.GetValue(batchSize) ?? config.BatchSize,
        LearningRate = result.GetValue(learningRate) ?? config.LearningRate,
        Seed = result.GetValue(seed) ?? config.Seed,
        Threads = result.GetValue(threads) ?? config.Threads,
        Limit = result.GetValue(limit) ?? config.Limit,
    };

    static int[]? Sizes(ParseResult result, Option<string?> option)
    {
        var text = result.GetValue(option);
        if (text is null) return null;
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1)
                throw new AaeException($"{option.Name}: '{text}' is not a comma-separated list of positive sizes");
        return sizes;
    }
}
