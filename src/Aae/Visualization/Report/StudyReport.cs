using System.Text.Json.Nodes;
using Aae.Runs;

namespace Aae.Visualization.Report;

/// <summary>
/// report.html of the CIFAR-10 transfer study: its results table beside the study's published
/// numbers, the transfer curve and every confusion matrix, from the study folder's files alone.
/// </summary>
public static class StudyReport
{
    /// <summary>A table the page shows as is.</summary>
    public sealed record Table(IReadOnlyList<string> Columns, IReadOnlyList<string[]> Rows);

    /// <summary>Writes &lt;folder&gt;/report.html (atomically) and returns its path.</summary>
    public static string Write(string folder, string title)
    {
        var resultsPath = Path.Combine(folder, "results.json");
        var finished = File.Exists(resultsPath);
        var content = new RunReport.Content(
            Title: title,
            Facts: [["study", "cifar10-transfer"], ["folder", folder]],
            Metrics: [], Finished: finished,
            ConfigJson: File.Exists(Path.Combine(folder, "study.json")) ? File.ReadAllText(Path.Combine(folder, "study.json")) : "",
            Curves: new RunReport.History([], []),
            Figures: Figures(folder), Explorer: null, Directions: null, Categories: null)
        {
            Results = finished ? Results(resultsPath) : null,
            ResultsNotes = File.Exists(Path.Combine(folder, "results.md")) ? File.ReadAllText(Path.Combine(folder, "results.md")) : null,
        };
        var path = Path.Combine(folder, RunReport.FileName);
        AtomicFile.WriteAllText(path, ReportPage.Render(title, content));
        return path;
    }

    static Table Results(string path)
    {
        var rows = Json.Read<JsonArray>(path);
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

    /// <summary>The transfer curve and every confusion matrix of the study's classifiers, named by their folder.</summary>
    static List<RunReport.Figure> Figures(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*.png", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) == "transfer_curve.png" || Path.GetFileName(f).StartsWith("confusion", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => new RunReport.Figure(Path.GetRelativePath(folder, f), "image/webp", Embedded.PngAsWebp(File.ReadAllBytes(f))))];
}
