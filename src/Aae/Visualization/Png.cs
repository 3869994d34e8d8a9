using Aae.Runs;
using SkiaSharp;

namespace Aae.Visualization;

/// <summary>Saves bitmaps as PNG, atomically, and places panels side by side with captions.</summary>
public static class Png
{
    public static void Save(SKBitmap bitmap, string path)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, stream => data.SaveTo(stream));
    }

    public static void Save(byte[] png, string path) => AtomicFile.Write(path, stream => stream.Write(png));

    /// <summary>Panels left to right on white, each with an optional caption above it.</summary>
    public static SKBitmap SideBySide(IReadOnlyList<(SKBitmap Panel, string? Caption)> panels, int gap = 16)
    {
        bool captions = panels.Any(p => p.Caption is not null);
        int captionHeight = captions ? 28 : 0;
        int width = panels.Sum(p => p.Panel.Width) + gap * (panels.Count + 1);
        int height = panels.Max(p => p.Panel.Height) + captionHeight + gap * 2;
        var result = new SKBitmap(width, height);
        using var canvas = new SKCanvas(result);
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 18);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        int x = gap;
        foreach (var (panel, caption) in panels)
        {
            if (caption is not null)
                canvas.DrawText(caption, x + panel.Width / 2f, gap + 18, SKTextAlign.Center, font, paint);
            using (var image = SKImage.FromBitmap(panel))
                canvas.DrawImage(image, x, gap + captionHeight, new SKSamplingOptions(SKFilterMode.Nearest));
            x += panel.Width + gap;
        }
        return result;
    }

    public static SKBitmap Decode(byte[] png) => SKBitmap.Decode(png);
}
