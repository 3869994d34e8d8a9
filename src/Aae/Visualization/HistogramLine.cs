using ScottPlot;

namespace Aae.Visualization;

/// <summary>A histogram drawn as a line of bin fractions, so two distributions can overlap readably.</summary>
public static class HistogramLine
{
    public static void Add(Plot plot, double[] values, double low, double high, string label, int colour, int bins = 50)
    {
        double width = (high - low) / bins + 1e-12;
        var counts = new double[bins];
        foreach (var v in values) counts[Math.Clamp((int)((v - low) / width), 0, bins - 1)]++;
        var centres = Enumerable.Range(0, bins).Select(b => low + (b + 0.5) * width).ToArray();
        var line = plot.Add.Scatter(centres, counts.Select(c => c / Math.Max(1, values.Length)).ToArray(), Palette.Class(colour));
        line.LegendText = label;
        line.MarkerSize = 0;
        line.LineWidth = 2;
    }
}
