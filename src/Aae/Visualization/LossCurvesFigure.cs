using Aae.Training;
using ScottPlot;

namespace Aae.Visualization;

/// <summary>Per-epoch losses: reconstruction on its own axis, the adversarial losses on another.</summary>
public static class LossCurvesFigure
{
    public static void Save(string path, IReadOnlyList<EpochRecord> history)
    {
        var epochs = history.Select(r => (double)r.Epoch).ToArray();
        var reconstruction = new Plot();
        Line(reconstruction, epochs, history.Select(r => r.ReconstructionLoss), "reconstruction (MSE)", 0);
        reconstruction.Title("reconstruction loss");
        reconstruction.XLabel("epoch");
        reconstruction.ShowLegend(Alignment.UpperRight);

        var adversarial = new Plot();
        Line(adversarial, epochs, history.Select(r => r.DiscriminatorLoss), "discriminator (λ-weighted)", 1);
        Line(adversarial, epochs, history.Select(r => r.GeneratorLoss), "encoder fooling D", 2);
        adversarial.Title("adversarial losses");
        adversarial.XLabel("epoch");
        adversarial.ShowLegend(Alignment.UpperRight);

        using var left = Plots.Render(reconstruction, 560, 420);
        using var right = Plots.Render(adversarial, 560, 420);
        using var figure = Png.SideBySide([(left, null), (right, null)], gap: 4);
        Png.Save(figure, path);
    }

    internal static void Line(Plot plot, double[] xs, IEnumerable<double> ys, string label, int colour)
    {
        var line = plot.Add.Scatter(xs, ys.ToArray(), Palette.Class(colour));
        line.LegendText = label;
        line.MarkerSize = xs.Length > 60 ? 0 : 4;
    }
}
