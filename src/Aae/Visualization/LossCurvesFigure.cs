using Aae.Training;
using ScottPlot;

namespace Aae.Visualization;

/// <summary>
/// Per-epoch losses by the names the model family gives them: the reconstruction on its own axis,
/// the regularisation terms (adversarial losses, MMD) on another. The discriminator's mean outputs
/// (d_on_*) are probabilities, drawn by <see cref="DiscriminatorFigure"/> instead; a categorical
/// model's validation error is drawn in errors.png.
/// </summary>
public static class LossCurvesFigure
{
    const string Reconstruction = "reconstruction_loss";

    public static void Save(string path, IReadOnlyList<EpochRecord> history)
    {
        var epochs = history.Select(r => (double)r.Epoch).ToArray();
        var names = history[0].Names;
        var reconstruction = new Plot();
        if (names.Contains(Reconstruction))
            Line(reconstruction, epochs, history.Select(r => r.Loss(Reconstruction)!.Value), "reconstruction (MSE; BCE for categorical-aae)", 0);
        reconstruction.Title("reconstruction loss");
        reconstruction.XLabel("epoch");
        reconstruction.ShowLegend(Alignment.UpperRight);

        var regularisation = new Plot();
        int colour = 1;
        // The validation error has a figure of its own (errors.png).
        foreach (var name in names.Where(n => n != Reconstruction && !n.StartsWith("d_on_", StringComparison.Ordinal)
                     && !n.StartsWith("validation_", StringComparison.Ordinal)))
            Line(regularisation, epochs, history.Select(r => r.Loss(name)!.Value), name.Replace('_', ' '), colour++);
        regularisation.Title("regularisation losses");
        regularisation.XLabel("epoch");
        regularisation.ShowLegend(Alignment.UpperRight);

        Plots.SaveSideBySide(path, (reconstruction, 560, 420), (regularisation, 560, 420));
    }

    internal static void Line(Plot plot, double[] xs, IEnumerable<double> ys, string label, int colour)
    {
        var line = plot.Add.Scatter(xs, ys.ToArray(), Palette.Class(colour));
        line.LegendText = label;
        line.MarkerSize = xs.Length > 60 ? 0 : 4;
    }
}
