using ScottPlot;
using static TorchSharp.torch;

namespace Aae.Visualization;

/// <summary>Codes coloured by class beside samples of the prior coloured by component, on the same axes.</summary>
public static class LatentScatterFigure
{
    public static void Save(string path, Tensor codes, Tensor labels, IReadOnlyList<string> classNames,
        Tensor priorSamples, Tensor priorComponents, int componentCount)
    {
        var (x0, x1, y0, y1) = Limits(codes, priorSamples);
        var posterior = Scatter("codes of the test images (by class)", codes, labels, classNames, x0, x1, y0, y1);
        var prior = Scatter("samples of the prior (by component)", priorSamples, priorComponents, ComponentNames(componentCount), x0, x1, y0, y1);
        using var left = Plots.Render(posterior, 640, 600);
        using var right = Plots.Render(prior, 640, 600);
        using var figure = Png.SideBySide([(left, null), (right, null)], gap: 4);
        Png.Save(figure, path);
    }

    /// <summary>The legend of the prior's panel: every component, however many classes the data has.</summary>
    internal static IReadOnlyList<string> ComponentNames(int componentCount) =>
        componentCount == 1 ? ["prior"] : Enumerable.Range(0, componentCount).Select(k => $"mode {k}").ToArray();

    static Plot Scatter(string title, Tensor points, Tensor groups, IReadOnlyList<string> names,
        double x0, double x1, double y0, double y1)
    {
        var plot = new Plot();
        var xs = points[.., 0].to_type(ScalarType.Float64).data<double>().ToArray();
        var ys = points[.., 1].to_type(ScalarType.Float64).data<double>().ToArray();
        var group = groups.to_type(ScalarType.Int64).data<long>().ToArray();
        for (int k = 0; k < names.Count; k++)
        {
            var members = Enumerable.Range(0, group.Length).Where(i => group[i] == k).ToArray();
            if (members.Length == 0) continue;
            var scatter = plot.Add.ScatterPoints(members.Select(i => xs[i]).ToArray(), members.Select(i => ys[i]).ToArray(),
                Palette.Class(k));
            scatter.MarkerSize = 2;
            scatter.LegendText = names[k];
        }
        plot.Title(title);
        plot.Axes.SetLimits(x0, x1, y0, y1);
        plot.Axes.SquareUnits();
        plot.ShowLegend(Alignment.UpperRight);
        plot.Legend.FontSize = 11;
        return plot;
    }

    /// <summary>A square window holding nearly all points of both sets (0.5% trimmed at each end).</summary>
    static (double, double, double, double) Limits(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        var all = cat([a, b], 0).to_type(ScalarType.Float32);
        var low = all.quantile(tensor(0.005f), dim: 0).data<float>().ToArray();
        var high = all.quantile(tensor(0.995f), dim: 0).data<float>().ToArray();
        double half = Math.Max(high[0] - low[0], high[1] - low[1]) / 2 * 1.1 + 1e-3;
        double cx = (low[0] + high[0]) / 2, cy = (low[1] + high[1]) / 2;
        return (cx - half, cx + half, cy - half, cy + half);
    }
}
