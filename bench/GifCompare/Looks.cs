using Aae.Visualization;
using SkiaSharp;

namespace GifCompare;

/// <summary>One face of the walk grid as each encoder left it, side by side and zoomed, to judge banding and dithering noise.</summary>
static class Looks
{
    const int Tile = 64 * 3 + 2, Zoom = 2;

    /// <summary>
    /// Per encoder a panel, four to a row: face 5 (second row, second column) at the first frame, below
    /// it halfway to its neighbour.
    /// </summary>
    public static void SaveSheet(IReadOnlyList<(string Name, byte[] First, byte[] Middle)> looks, int width, string path)
    {
        var rows = looks.Chunk(4).Select(chunk =>
        {
            var panels = chunk.Select(look => (Panel(look.First, look.Middle, width), (string?)look.Name)).ToList();
            var row = Png.SideBySide(panels);
            foreach (var (panel, _) in panels) panel.Dispose();
            return row;
        }).ToList();
        using var sheet = new SKBitmap(rows.Max(r => r.Width), rows.Sum(r => r.Height));
        using (var canvas = new SKCanvas(sheet))
        {
            canvas.Clear(SKColors.White);
            int top = 0;
            foreach (var row in rows)
            {
                using (var image = SKImage.FromBitmap(row)) canvas.DrawImage(image, 0, top, new SKSamplingOptions(SKFilterMode.Nearest));
                top += row.Height;
                row.Dispose();
            }
        }
        Png.Save(sheet, path);
    }

    static SKBitmap Panel(byte[] first, byte[] middle, int width)
    {
        const int size = Tile * Zoom, left = 2 + Tile, top = 2 + Tile;
        var panel = new SKBitmap(size, 2 * size + 8);
        panel.Erase(SKColors.White);
        foreach (var (rgb, offset) in new[] { (first, 0), (middle, size + 8) })
            for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                int at = 3 * ((top + y / Zoom) * width + left + x / Zoom);
                panel.SetPixel(x, offset + y, new SKColor(rgb[at], rgb[at + 1], rgb[at + 2]));
            }
        return panel;
    }
}
