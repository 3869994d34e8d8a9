using SkiaSharp;

namespace Aae.Visualization;

/// <summary>Renders ScottPlot plots to bitmaps so they can be placed side by side.</summary>
public static class Plots
{
    public static SKBitmap Render(ScottPlot.Plot plot, int width, int height) =>
        Png.Decode(plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png));

    /// <summary>Saves two plots of the given sizes side by side as one PNG.</summary>
    public static void SaveSideBySide(string path, (ScottPlot.Plot Plot, int Width, int Height) left, (ScottPlot.Plot Plot, int Width, int Height) right)
    {
        using var leftImage = Render(left.Plot, left.Width, left.Height);
        using var rightImage = Render(right.Plot, right.Width, right.Height);
        using var figure = Png.SideBySide([(leftImage, null), (rightImage, null)], gap: 4);
        Png.Save(figure, path);
    }
}
