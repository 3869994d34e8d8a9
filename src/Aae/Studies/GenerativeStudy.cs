using System.Globalization;
using Aae.Config;
using Aae.Evaluation;
using Aae.Experiments;
using Aae.Families;
using Aae.Runs;

namespace Aae.Studies;

/// <summary>
/// Which family generates best, on equal terms: a plain autoencoder, the AAE, the VAE, WAE-MMD and
/// the supervised AAE on the same encoder and decoder networks, at each code size, over seeds, each
/// trained on MNIST less 10,000 validation images (the Parzen width is chosen on them) and measured by
/// <see cref="GenerativeQuality"/>. Every run is a run folder inside the study's; a run already
/// complete is skipped when the study runs again (aae resume), an interrupted one is resumed.
/// </summary>
public static class GenerativeStudy
{
    /// <param name="Limit">Train on the first N training images only (quick looks; the validation images come off them).</param>
    public sealed record Options(string Folder, string DataDirectory, int Seeds = 3, int[]? CodeSizes = null, int Epochs = 25,
        int? Limit = null, int Validation = 10_000, int Threads = 2)
    {
        public int[] Sizes => CodeSizes ?? [2, 8];
    }

    public const string Name = "mnist-generative-study";
    public const string OptionsFile = "generative-study.json";

    /// <summary>The study's members: a name for the table, the family and its options' changes (λ = 0 makes the AAE a plain autoencoder).</summary>
    public static readonly IReadOnlyList<(string Name, string Family, double? Lambda)> Members =
    [
        ("autoencoder", "aae", 0), ("aae", "aae", null), ("vae", "vae", null), ("wae", "wae", null), ("supervised-aae", "supervised-aae", null),
    ];

    /// <summary>The measures of the table, in its order, with their headings.</summary>
    public static readonly IReadOnlyList<(string Metric, string Heading)> Columns =
    [
        ("test_mse", "test MSE"), ("parzen_log_likelihood", "Parzen LL"), ("fd_samples", "FD prior samples"),
        ("fd_codes_gmm", "FD code-GMM samples"), ("fd_reconstructions", "FD reconstructions"), ("precision", "precision"),
        ("recall", "recall"), ("knn_accuracy", "5-NN accuracy"), ("train_seconds", "train s"),
    ];

    public static bool IsStudy(string folder) => File.Exists(Path.Combine(folder, OptionsFile));

    public static Options ReadOptions(string folder) => Json.Read<Options>(Path.Combine(folder, OptionsFile));

    /// <summary>The run of one member, code size and seed: the members' networks are the same, only the family differs.</summary>
    public static RunConfig Config(Options options, (string Name, string Family, double? Lambda) member, int codeSize, long seed)
    {
        var config = new RunConfig
        {
            Preset = Name,
            Family = ModelFamilies.Find(member.Family).DefaultOptions(),
            Data = new() { ValidationCount = options.Validation, Limit = options.Limit },
            Networks = new() { EncoderHidden = [512, 256], DecoderHidden = [256, 512], DiscriminatorHidden = [256, 256] },
            Prior = new() { LatentSize = codeSize },
            Training = new() { Epochs = options.Epochs, BatchSize = 100, Seed = seed, Threads = options.Threads, GenerativeMetrics = true },
        };
        return member.Lambda is { } lambda ? Settings.Find("--lambda", member.Family).Apply(config, lambda) : config;
    }

    /// <param name="train">Trains, evaluates and plots the run it is given; false when interrupted.</param>
    /// <returns>The results table, or null when a run was interrupted.</returns>
    public static string? Run(Options options, Func<Experiment, bool> train, Action<string> log)
    {
        if (options.Seeds < 1) throw new AaeException($"--seeds must be at least 1 (got {options.Seeds})");
        if (options.Sizes.Length == 0 || options.Sizes.Any(size => size < 1)) throw new AaeException("code sizes must be at least 1");
        using var hold = StudyFolder.Claim(options.Folder, OptionsFile, Json.Serialize(options), "a generative study");
        // Seeds outermost: a study stopped part way already holds every member's first seed.
        for (long seed = 0; seed < options.Seeds; seed++)
        foreach (var codeSize in options.Sizes)
        foreach (var member in Members)
        {
            if (TrainRun(options, RunPath(options, member.Name, codeSize, seed), Config(options, member, codeSize, seed), train, log) is null)
                return null;
        }
        return GenerativeStudyResults.Write(options, log);
    }

    public static string RunPath(Options options, string member, int codeSize, long seed) =>
        Path.Combine(options.Folder, "runs", $"{member}-{codeSize}d-s{seed}");

    static string? TrainRun(Options options, string path, RunConfig config, Func<Experiment, bool> train, Action<string> log) =>
        StudyFolder.TrainRun(path, options.DataDirectory, config, Path.GetFileName(path), train, log);

    /// <summary>The mean and the population sd of the seeds' values.</summary>
    internal static (double Mean, double Sd) MeanAndSd(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        return (mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count));
    }

    /// <summary>"mean ± sd" (population sd over the seeds), or the mean alone for one seed.</summary>
    internal static string Spread(IReadOnlyList<double> values, string format)
    {
        var (mean, sd) = MeanAndSd(values);
        if (values.Count < 2) return mean.ToString(format, CultureInfo.InvariantCulture);
        return $"{mean.ToString(format, CultureInfo.InvariantCulture)} ± {sd.ToString(format, CultureInfo.InvariantCulture)}";
    }
}
