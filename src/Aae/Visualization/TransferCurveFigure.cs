using Aae.Training;
using ScottPlot;

namespace Aae.Visualization;

/// <summary>
/// The transfer study's question as a picture: CIFAR-10 test accuracy of LightGBM on the faces
/// codes after 0 (untrained), 1, 10, ... epochs of faces training, beside the controls (flat lines),
/// and the faces runs' reconstruction error over the same epochs.
/// </summary>
public static class TransferCurveFigure
{
    public sealed record Point(int Epoch, double Accuracy, double Sd);

    public static void Save(string path, IReadOnlyList<(string Label, IReadOnlyList<Point> Points)> curves,
        IReadOnlyList<(string Label, double Accuracy)> controls, IReadOnlyList<(string Label, IReadOnlyList<EpochRecord> History)> runs)
    {
        var transfer = new Plot();
        int colour = 0;
        foreach (var (label, points) in curves)
        {
            var xs = points.Select(p => (double)p.Epoch).ToArray();
            var ys = points.Select(p => 100 * p.Accuracy).ToArray();
            var line = transfer.Add.Scatter(xs, ys, Palette.Class(colour));
            line.LegendText = label;
            line.MarkerSize = 7;
            if (points.Any(p => p.Sd > 0))
                transfer.Add.ErrorBar(xs, ys, points.Select(p => 100 * p.Sd).ToArray()).Color = Palette.Class(colour);
            colour++;
        }
        foreach (var (label, accuracy) in controls)
        {
            var flat = transfer.Add.HorizontalLine(100 * accuracy, 1.5f, Palette.Class(colour++), LinePattern.Dashed);
            flat.LegendText = label;
        }
        transfer.Title("CIFAR-10 transfer (LightGBM, test)");
        transfer.XLabel("faces training epochs (0 = untrained)");
        transfer.YLabel("test accuracy (%)");
        transfer.ShowLegend(Alignment.MiddleRight);

        var faces = new Plot();
        colour = 0;
        foreach (var (label, history) in runs)
        {
            if (history.Count > 0 && history[0].Names.Contains("reconstruction_loss"))
                LossCurvesFigure.Line(faces, history.Select(r => (double)r.Epoch).ToArray(),
                    history.Select(r => r.Loss("reconstruction_loss")!.Value), label, colour);
            colour++;
        }
        faces.Title("faces reconstruction error (MSE, training)");
        faces.XLabel("epoch");
        faces.ShowLegend(Alignment.UpperRight);

        Plots.SaveSideBySide(path, (transfer, 620, 440), (faces, 520, 440));
    }
}
