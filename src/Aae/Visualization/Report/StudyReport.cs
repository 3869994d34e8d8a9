using System.Text.Json.Nodes;
using Aae.Runs;

namespace Aae.Visualization.Report;

/// <summary>
/// report.html of a study: its results table (results.json), its notes (results.md) and its
/// figures, from the study folder's files alone. The CIFAR-10 transfer study shows its table beside
/// the study's published numbers, the transfer curve and every confusion matrix; the generative
/// study its measures per family and code size and the 2-d latent scatters.
/// </summary>
public static class StudyReport
{
    /// <summary>A table the page shows as is.</summary>
    public sealed record Table(IReadOnlyList<string> Columns, IReadOnlyList<string[]> Rows);

    /// <summary>What differs between studies: the name, the options file, how results.json reads as a table, which PNG files are shown.</summary>
    public sealed record Kind(string Name, string OptionsFile, Func<JsonArray, Table> Results, Func<string, bool> IsFigure);

    /// <summary>The CIFAR-10 transfer study.</summary>
    public static readonly Kind Transfer = new("cifar10-transfer", "study.json", TransferResults,
        file => Path.GetFileName(file) == "transfer_curve.png" || Path.GetFileName(file).StartsWith("confusion", StringComparison.Ordinal));

    /// <summary>Writes &lt;folder&gt;/report.html of the CIFAR-10 transfer study (atomically) and returns its path.</summary>
    public static string Write(string folder, string title) => Write(folder, title, Transfer);

    /// <summary>Writes &lt;folder&gt;/report.html (atomically) and returns its path.</summary>
    public static string Write(string folder, string title, Kind kind)
    {
        var resultsPath = Path.Combine(folder, "results.json");
        var finished = File.Exists(resultsPath);
        var optionsPath = Path.Combine(folder, kind.OptionsFile);
        var content = new RunReport.Content(
            Title: title,
            Facts: [["study", kind.Name], ["folder", folder]],
            Metrics: [], Finished: finished,
            ConfigJson: File.Exists(optionsPath) ? File.ReadAllText(optionsPath) : "",
            Curves: new RunReport.History([], []),
            Figures: Figures(folder, kind.IsFigure), Explorer: null, Directions: null, Categories: null)
        {
            Results = finished ? kind.Results(Json.Read<JsonArray>(resultsPath)) : null,
            ResultsNotes = File.Exists(Path.Combine(folder, "results.md")) ? File.ReadAllText(Path.Combine(folder, "results.md")) : null,
        };
        var path = Path.Combine(folder, RunReport.FileName);
        AtomicFile.WriteAllText(path, ReportPage.Render(title, content));
        return path;
    }

    static Table TransferResults(JsonArray rows)
    {
        string Percent(JsonNode? node) => node is null ? "" : $"{node.GetValue<double>() * 100:F2}%";
        string Spread(JsonNode? node) => node?["sd"]?.GetValue<double>() is > 0 and var sd
            ? $"{node["mean"]!.GetValue<double>() * 100:F2} ± {sd * 100:F2}%" : Percent(node?["mean"]);
        return new Table(["model", "classes", "seeds", "test accuracy", "test AUROC", "train accuracy", "study accuracy", "study AUROC"],
            [.. rows.OfType<JsonObject>().Select(r => new[]
            {
                r["model"]?.ToString() ?? "", r["classes"]?.ToString() ?? "", r["seeds"]?.ToString() ?? "",
                Spread(r["test_accuracy"]), Spread(r["test_auroc"]), Spread(r["train_accuracy"]),
                Percent(r["study_accuracy"]), Percent(r["study_auroc"]),
            })]);
    }

    /// <summary>The study's figures, named by their path in its folder.</summary>
    static List<RunReport.Figure> Figures(string folder, Func<string, bool> isFigure) =>
        [.. Directory.EnumerateFiles(folder, "*.png", SearchOption.AllDirectories)
            .Where(isFigure)
            .Order(StringComparer.Ordinal)
            .Select(f => new RunReport.Figure(Path.GetRelativePath(folder, f), "image/webp", Embedded.PngAsWebp(File.ReadAllBytes(f))))];
}
