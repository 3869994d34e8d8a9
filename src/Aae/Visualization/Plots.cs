using SkiaSharp;

namespace Aae.Visualization;

/// <summary>Renders ScottPlot plots to bitmaps so they can be placed side by side.</summary>
public static class Plots
{
    public static SKBitmap Render(ScottPlot.Plot plot, int width, int height) =>
        Png.Decode(plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png));
}
