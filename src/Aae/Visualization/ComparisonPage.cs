using System.Text;
using Aae.Runs;

namespace Aae.Visualization;

/// <summary>
/// compare.html: the comparison's tables and one inline SVG chart per history.csv column, each run
/// one line in its own colour. Self-contained (no scripts, no downloads) and well-formed XML.
/// </summary>
public static class ComparisonPage
{
    public static string Html(RunComparison comparison)
    {
        var runs = comparison.Runs;
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        page.Append($"<title>Aae: comparison of {runs.Count} runs</title>\n");
        page.Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}figure{display:inline-block;margin:0 1em 1em 0}</style>\n");
        page.Append("</head>\n<body>\n");
        page.Append($"<h1>Comparison of {runs.Count} runs</h1>\n<ul>\n");
        for (int i = 0; i < runs.Count; i++)
            page.Append($"<li><span style=\"color:{Palette.Css(i)}\">&#9632;</span> <b>{E(runs[i].Name)}</b>: {E(runs[i].Path)}</li>\n");
        page.Append("</ul>\n<h2>Metrics</h2>\n");
        AppendTable(page, "metric", comparison, ComparisonReport.MetricRows(comparison));
        page.Append("<h2>Settings that differ</h2>\n");
        if (comparison.DifferingSettings.Count == 0) page.Append("<p>None: the runs have the same settings.</p>\n");
        else AppendTable(page, "setting", comparison, ComparisonReport.SettingRows(comparison));
        page.Append("<h2>Curves</h2>\n");
        foreach (var column in comparison.Columns)
        {
            // Only runs that have the column get a line; the legend keeps each run's colour.
            var series = runs.Select((run, i) => (Curve: run.Curve(column), Series: i))
                .Where(c => c.Curve is not null)
                .Select(c => new SvgSeries(runs[c.Series].Name, Palette.Css(c.Series), c.Curve!.Value.Epochs, c.Curve.Value.Values))
                .ToList();
            if (series.Count == 0) continue;
            page.Append($"<figure>\n{SvgLineChart.Render(column, "epoch", series)}\n</figure>\n");
        }
        page.Append("</body>\n</html>\n");
        return page.ToString();
    }

    static void AppendTable(StringBuilder page, string corner, RunComparison comparison, IEnumerable<string[]> rows)
    {
        page.Append($"<table>\n<tr><th>{E(corner)}</th>{string.Concat(comparison.Runs.Select(r => $"<th>{E(r.Name)}</th>"))}</tr>\n");
        foreach (var row in rows)
            page.Append($"<tr><td>{E(row[0])}</td>{string.Concat(row.Skip(1).Select(cell => $"<td>{E(cell)}</td>"))}</tr>\n");
        page.Append("</table>\n");
    }

    static string E(string text) => SvgLineChart.Escape(text);
}
