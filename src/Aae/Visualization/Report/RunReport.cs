using Aae.Data;
using Aae.Evaluation;
using Aae.Families;
using Aae.Priors;
using Aae.Runs;
using Aae.Training;
using static TorchSharp.torch;

namespace Aae.Visualization.Report;

/// <summary>
/// report.html: one self-contained page per run (no network: scripts, styles, images and the
/// decoder's weights are inside it) with the run's facts and metrics, interactive training curves,
/// every figure, and the latent explorer its code allows.
/// </summary>
public static class RunReport
{
    public const string FileName = "report.html";

    /// <summary>What the page shows; the script reads it as JSON.</summary>
    public sealed record Content(
        string Title, IReadOnlyList<string[]> Facts, IReadOnlyList<Metric> Metrics, bool Finished,
        string ConfigJson, History Curves, IReadOnlyList<Figure> Figures,
        LatentExplorer? Explorer, LatentDirections? Directions, CategoryGrid? Categories)
    {
        /// <summary>A study's results table (the CIFAR-10 transfer study), with its results.md.</summary>
        public StudyReport.Table? Results { get; init; }
        public string? ResultsNotes { get; init; }
    }

    public sealed record Metric(string Name, double Value);

    public sealed record History(IReadOnlyList<string> Columns, IReadOnlyList<double[]> Rows);

    public sealed record Figure(string Name, string Mime, string Data);

    /// <summary>Writes &lt;run&gt;/report.html, or <paramref name="path"/> when given (atomically), and returns its path.</summary>
    public static string Write(RunFolder run, ModelFamily model, ImageDataset train, Tensor trainCodes, ImageDataset test, Tensor testCodes,
        bool isImageFolder, IReadOnlyList<EpochRecord> history, long seed, Aae.Evaluation.Metrics? metricsToShow = null, string? path = null)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var info = run.LoadInfo();
        var config = info.Config;
        var metrics = metricsToShow?.Values ?? (File.Exists(run.MetricsPath) ? Aae.Evaluation.Metrics.Read(run.MetricsPath).Values : []);
        var generator = new Generator((ulong)seed + 54321);
        var dimensions = model.Prior.Dimensions;
        var categorical = model is IAssignsCategories ? model.Prior as CategoricalPrior : null;

        var content = new Content(
            Title: $"{config.Preset}: {Path.GetFileName(run.Path)}",
            Facts:
            [
                ["preset", config.Preset], ["family", config.Family.Name], ["dataset", config.Data.Dataset],
                ["created", info.CreatedUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)],
                ["epochs", $"{history.Count} of {config.Training.Epochs}"],
                ["latent", categorical is null ? $"{dimensions}-d, {config.Prior.Kind} prior" : $"{categorical.Categories} categories and a {categorical.StyleSize}-d style"],
                ["folder", run.Path],
            ],
            Metrics: [.. metrics.Select(m => new Metric(m.Key, m.Value))],
            Finished: metrics.Count > 0,
            ConfigJson: File.ReadAllText(run.ConfigPath),
            Curves: new History(history.Count > 0 ? [.. history[0].Names] : [], [.. history.Select(r => (double[])[r.Epoch, .. r.Losses])]),
            Figures: Figures(run),
            Explorer: dimensions == 2 && !isImageFolder && categorical is null ? LatentExplorer.Of(model, test, testCodes, generator) : null,
            Directions: dimensions > 2 && categorical is null ? LatentDirections.Of(model, train, trainCodes, test, testCodes, seed) : null,
            Categories: categorical is null ? null : CategoryGrid.Of(model, categorical, CategoryNames(categorical, metrics, test.ClassNames), generator));
        path ??= Path.Combine(run.Path, FileName);
        AtomicFile.WriteAllText(path, ReportPage.Render(content.Title, content));
        return path;
    }

    /// <summary>Every PNG (as lossless WebP) and GIF in figures/, by name.</summary>
    static List<Figure> Figures(RunFolder run) =>
        !Directory.Exists(run.FiguresPath) ? [] :
        [.. Directory.GetFiles(run.FiguresPath).Where(f => f.EndsWith(".png") || f.EndsWith(".gif")).Order(StringComparer.Ordinal)
            .Select(f => f.EndsWith(".gif")
                ? new Figure(Path.GetFileName(f), "image/gif", Convert.ToBase64String(File.ReadAllBytes(f)))
                : new Figure(Path.GetFileName(f), "image/webp", Embedded.PngAsWebp(File.ReadAllBytes(f))))];

    /// <summary>Semi-supervised categories are the classes; a clustering category is named by its majority class (metrics.json).</summary>
    static List<string> CategoryNames(CategoricalPrior prior, IReadOnlyList<KeyValuePair<string, double>> metrics, IReadOnlyList<string> classNames) =>
        [.. Enumerable.Range(0, prior.Categories).Select(k =>
            metrics.FirstOrDefault(m => m.Key == $"category_{k}_label") is { Key: not null } label && label.Value >= 0 && label.Value < classNames.Count
                ? $"{k}: {classNames[(int)label.Value]}"
                : k < classNames.Count && prior.Categories == classNames.Count ? classNames[k] : $"{k}: no training image")];
}
