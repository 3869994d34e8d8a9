using System.Globalization;
using System.Text;

namespace Aae.Visualization;

/// <summary>One line of a chart: a legend name, a CSS colour and its points.</summary>
public sealed record SvgSeries(string Name, string Colour, double[] Xs, double[] Ys);

/// <summary>
/// A line chart as inline SVG text (one polyline per series, axes with a few tick labels, a legend
/// below), so an HTML page can show curves without scripts, images or network access.
/// </summary>
public static class SvgLineChart
{
    const int Width = 640, PlotHeight = 260, Left = 70, Right = 20, Top = 30, AxisBand = 40, LegendLine = 18;

    public static string Render(string title, string xLabel, IReadOnlyList<SvgSeries> series)
    {
        var points = series.SelectMany(s => s.Xs.Zip(s.Ys)).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToList();
        var (xMin, xMax) = Range(points.Select(p => p.First), wholeNumbers: true);
        var (yMin, yMax) = Range(points.Select(p => p.Second), wholeNumbers: false);
        var xTicks = Ticks(xMin, xMax, wholeNumbers: true);
        var yTicks = Ticks(yMin, yMax, wholeNumbers: false);
        (xMin, xMax) = (Math.Min(xMin, xTicks[0]), Math.Max(xMax, xTicks[^1]));
        (yMin, yMax) = (Math.Min(yMin, yTicks[0]), Math.Max(yMax, yTicks[^1]));
        double plotWidth = Width - Left - Right;
        double X(double x) => Left + (x - xMin) / (xMax - xMin) * plotWidth;
        double Y(double y) => Top + (yMax - y) / (yMax - yMin) * PlotHeight;

        int height = Top + PlotHeight + AxisBand + LegendLine * series.Count + 8;
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append($"<text x=\"{Width / 2}\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">{Escape(title)}</text>\n");
        svg.Append($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{N(plotWidth)}\" height=\"{PlotHeight}\" fill=\"none\" stroke=\"#888\"/>\n");
        foreach (var tick in xTicks)
        {
            svg.Append($"<line x1=\"{N(X(tick))}\" y1=\"{Top + PlotHeight}\" x2=\"{N(X(tick))}\" y2=\"{Top + PlotHeight + 5}\" stroke=\"#888\"/>");
            svg.Append($"<text x=\"{N(X(tick))}\" y=\"{Top + PlotHeight + 18}\" text-anchor=\"middle\">{Label(tick)}</text>\n");
        }
        foreach (var tick in yTicks)
        {
            svg.Append($"<line x1=\"{Left - 5}\" y1=\"{N(Y(tick))}\" x2=\"{N(Left + plotWidth)}\" y2=\"{N(Y(tick))}\" stroke=\"#ddd\"/>");
            svg.Append($"<text x=\"{Left - 8}\" y=\"{N(Y(tick) + 4)}\" text-anchor=\"end\">{Label(tick)}</text>\n");
        }
        svg.Append($"<text x=\"{N(Left + plotWidth / 2)}\" y=\"{Top + PlotHeight + 34}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n");
        foreach (var line in series)
        {
            var finite = line.Xs.Zip(line.Ys).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToList();
            svg.Append($"<polyline fill=\"none\" stroke=\"{line.Colour}\" stroke-width=\"2\" points=\"{string.Join(" ", finite.Select(p => $"{N(X(p.First))},{N(Y(p.Second))}"))}\"/>\n");
            // A single epoch is a polyline of one point, which draws nothing: mark it.
            if (finite.Count == 1)
                svg.Append($"<circle cx=\"{N(X(finite[0].First))}\" cy=\"{N(Y(finite[0].Second))}\" r=\"3\" fill=\"{line.Colour}\"/>\n");
        }
        for (int i = 0; i < series.Count; i++)
        {
            int y = Top + PlotHeight + AxisBand + LegendLine * i + 8;
            svg.Append($"<line x1=\"{Left}\" y1=\"{y}\" x2=\"{Left + 24}\" y2=\"{y}\" stroke=\"{series[i].Colour}\" stroke-width=\"3\"/>");
            svg.Append($"<text x=\"{Left + 32}\" y=\"{y + 4}\">{Escape(series[i].Name)}</text>\n");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The data's range, widened when it is a single value so the axis has a span.</summary>
    static (double Min, double Max) Range(IEnumerable<double> values, bool wholeNumbers)
    {
        var list = values.ToList();
        if (list.Count == 0) return (0, 1);
        double min = list.Min(), max = list.Max();
        if (max > min) return (min, max);
        double pad = wholeNumbers ? 1 : Math.Max(Math.Abs(min) * 0.05, 1e-6);
        return (min - pad, max + pad);
    }

    /// <summary>Round tick values (1, 2 or 5 times a power of ten apart) covering [min, max], about five of them.</summary>
    static double[] Ticks(double min, double max, bool wholeNumbers)
    {
        double rough = (max - min) / 5;
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double step = new[] { 1.0, 2, 5, 10 }.Select(m => m * power).First(s => s >= rough);
        if (wholeNumbers) step = Math.Max(1, Math.Round(step));
        double first = Math.Floor(min / step) * step, last = Math.Ceiling(max / step) * step;
        int count = (int)Math.Round((last - first) / step) + 1;
        return Enumerable.Range(0, count).Select(i => first + i * step).ToArray();
    }

    static string Label(double value) => Math.Round(value, 10).ToString("G4", CultureInfo.InvariantCulture);

    static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Text safe inside XML and HTML elements and attribute values.</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
}
