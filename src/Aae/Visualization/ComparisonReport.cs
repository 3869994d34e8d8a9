using System.Globalization;
using System.Text;
using Aae.Runs;

namespace Aae.Visualization;

/// <summary>
/// What `aae compare` shows: the metrics side by side, the settings that differ and the curves
/// overlaid, as aligned text for the terminal, compare.md and compare.html (<see cref="ComparisonPage"/>).
/// </summary>
public static class ComparisonReport
{
    public const string MarkdownName = "compare.md";
    public const string HtmlName = "compare.html";
    /// <summary>A value the run does not have.</summary>
    public const string Missing = "–";

    /// <summary>Whether <paramref name="path"/> holds a page that compare wrote (by how each begins), so it may be replaced.</summary>
    public static bool IsEarlierOutput(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).LinkTarget is not null) return false;
        try
        {
            using var reader = new StreamReader(path);
            var buffer = new char[512];
            var start = new string(buffer, 0, reader.ReadBlock(buffer));
            return Path.GetFileName(path) == MarkdownName ? start.StartsWith("# Comparison of ", StringComparison.Ordinal)
                : start.StartsWith("<!DOCTYPE html>", StringComparison.Ordinal) && start.Contains("<title>Aae: comparison of ", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Writes compare.md and compare.html into <paramref name="folder"/> (made if missing); returns their full paths.</summary>
    public static (string Markdown, string Html) Write(RunComparison comparison, string folder)
    {
        var full = Path.GetFullPath(folder);
        if (File.Exists(full)) throw new AaeException($"{full}: is a file, not a folder (--out)");
        Directory.CreateDirectory(full);
        var markdown = Path.Combine(full, MarkdownName);
        var html = Path.Combine(full, HtmlName);
        AtomicFile.WriteAllText(markdown, Markdown(comparison));
        AtomicFile.WriteAllText(html, ComparisonPage.Html(comparison));
        return (markdown, html);
    }

    /// <summary>Rows of the metrics table: the runs' status first, then every metric key (missing values as –).</summary>
    public static IEnumerable<string[]> MetricRows(RunComparison comparison) =>
        comparison.MetricKeys.Select(key => (string[])[key, .. comparison.Runs.Select(r => Format(r.Metrics?[key]))])
            .Prepend(["status", .. comparison.Runs.Select(r => r.Status)]);

    /// <summary>Rows of the differing-settings table: the dotted key, then each run's value.</summary>
    public static IEnumerable<string[]> SettingRows(RunComparison comparison) =>
        comparison.DifferingSettings.Select(key => (string[])[key, .. comparison.Runs.Select(r => r.Settings.GetValueOrDefault(key) ?? Missing)]);

    /// <summary>Rows of the final-epoch table: each history.csv column's value at each run's last epoch.</summary>
    public static IEnumerable<string[]> FinalEpochRows(RunComparison comparison) =>
        comparison.Columns.Select(column => (string[])[column, .. comparison.Runs.Select(r => Format(r.Curve(column)?.Values[^1]))])
            .Prepend(["last epoch", .. comparison.Runs.Select(r => r.History.Count > 0 ? r.History[^1].Epoch.ToString(CultureInfo.InvariantCulture) : Missing)]);

    public static string Markdown(RunComparison comparison)
    {
        var text = new StringBuilder($"# Comparison of {comparison.Runs.Count} runs\n\n");
        foreach (var run in comparison.Runs) text.Append($"- `{run.Name}`: {run.Path}\n");
        text.Append("\n## Metrics\n\n");
        AppendTable(text, "metric", comparison, MetricRows(comparison));
        text.Append("\n## Settings that differ\n\n");
        if (comparison.DifferingSettings.Count == 0) text.Append("None: the runs have the same settings.\n");
        else AppendTable(text, "setting", comparison, SettingRows(comparison));
        text.Append($"\n## Curves\n\nEvery history.csv column, overlaid per run, is drawn in [{HtmlName}]({HtmlName}). Each run's last epoch:\n\n");
        AppendTable(text, "column", comparison, FinalEpochRows(comparison));
        return text.ToString();
    }

    /// <summary>
    /// The terminal's view: the metrics and the differing settings as aligned columns. Per-class and
    /// per-category metrics (dozens of rows) stay in the files, as `aae run` leaves them in metrics.json.
    /// </summary>
    public static string Text(RunComparison comparison)
    {
        var text = new StringBuilder();
        var rows = MetricRows(comparison).ToList();
        var headline = rows.Where(row => !IsDetail(row[0])).ToList();
        AppendAligned(text, ["metric", .. comparison.Runs.Select(r => r.Name)], headline);
        if (headline.Count < rows.Count) text.Append($"({rows.Count - headline.Count} per-class and per-category metrics in {MarkdownName})\n");
        text.Append('\n');
        if (comparison.DifferingSettings.Count == 0) text.Append("settings: the same in every run\n");
        else AppendAligned(text, ["setting", .. comparison.Runs.Select(r => r.Name)], SettingRows(comparison));
        return text.ToString();
    }

    static bool IsDetail(string key) => key.StartsWith("class_", StringComparison.Ordinal) || key.StartsWith("category_", StringComparison.Ordinal);

    /// <summary>A number as it reads best: whole numbers whole, others to six significant digits.</summary>
    public static string Format(double? value) => value switch
    {
        null => Missing,
        { } v when double.IsFinite(v) && v == Math.Round(v) && Math.Abs(v) < 1e15 => v.ToString("0", CultureInfo.InvariantCulture),
        { } v => v.ToString("G6", CultureInfo.InvariantCulture),
    };

    static void AppendTable(StringBuilder text, string corner, RunComparison comparison, IEnumerable<string[]> rows)
    {
        text.Append($"| {corner} | {string.Join(" | ", comparison.Runs.Select(r => Cell(r.Name)))} |\n");
        text.Append($"|---|{string.Concat(comparison.Runs.Select(_ => "---|"))}\n");
        foreach (var row in rows) text.Append($"| {string.Join(" | ", row.Select(Cell))} |\n");
    }

    static string Cell(string text) => text.Replace("|", "\\|");

    static void AppendAligned(StringBuilder text, string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, column) => all.Max(row => row[column].Length)).ToArray();
        foreach (var row in all) text.Append(string.Join("  ", row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd() + "\n");
    }
}
