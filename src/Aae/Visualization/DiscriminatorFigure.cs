using Aae.Training;
using ScottPlot;

namespace Aae.Visualization;

/// <summary>
/// The discriminator's probability of "from the prior": its per-epoch means during training, and
/// its distribution over the test codes and over prior samples at the end.
/// </summary>
public static class DiscriminatorFigure
{
    public static void Save(string path, IReadOnlyList<EpochRecord> history, double[] onCodes, double[] onPrior)
    {
        var epochs = history.Select(r => (double)r.Epoch).ToArray();
        var training = new Plot();
        LossCurvesFigure.Line(training, epochs, history.Select(r => r.Loss("d_on_prior") ?? double.NaN), "D(prior sample)", 0);
        LossCurvesFigure.Line(training, epochs, history.Select(r => r.Loss("d_on_codes") ?? double.NaN), "D(code)", 1);
        training.Add.HorizontalLine(0.5, color: Colors.Gray, pattern: LinePattern.Dashed);
        training.Axes.SetLimitsY(0, 1);
        training.Title("mean D output while training");
        training.XLabel("epoch");
        training.ShowLegend(Alignment.UpperRight);

        var final = new Plot();
        HistogramLine.Add(final, onPrior, 0, 1, "prior samples", 0, bins: 40);
        HistogramLine.Add(final, onCodes, 0, 1, "test codes", 1, bins: 40);
        final.Title("D output after training");
        final.XLabel("D's probability of 'from the prior'");
        final.YLabel("fraction");
        final.Axes.SetLimitsX(0, 1);
        final.ShowLegend(Alignment.UpperRight);

        using var left = Plots.Render(training, 560, 420);
        using var right = Plots.Render(final, 560, 420);
        using var figure = Png.SideBySide([(left, null), (right, null)], gap: 4);
        Png.Save(figure, path);
    }
}
