using SkiaSharp;
using static TorchSharp.torch;

namespace Aae.Visualization;

/// <summary>Lays images [N, C, H, W] with pixels in [0, 1] (C = 1 or 3) out as a grid bitmap.</summary>
public static class ImageGrid
{
    public static SKBitmap Render(Tensor images, int columns, int scale = 2, int gap = 2)
    {
        int count = (int)images.shape[0], channels = (int)images.shape[1];
        int height = (int)images.shape[2], width = (int)images.shape[3];
        int rows = (count + columns - 1) / columns;
        // Bytes laid out [N, H, W, C] so each pixel's channels sit together.
        byte[] pixels;
        using (var scope = NewDisposeScope())
        {
            var bytes = images.detach().cpu().clamp(0, 1).mul(255).round().to_type(ScalarType.Byte).permute(0, 2, 3, 1).contiguous();
            pixels = bytes.data<byte>().ToArray();
        }
        var bitmap = new SKBitmap(columns * (width * scale + gap) + gap, rows * (height * scale + gap) + gap);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var tile = new SKBitmap(width, height);
        using var paint = new SKPaint();
        for (int n = 0; n < count; n++)
        {
            for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int at = ((n * height + y) * width + x) * channels;
                tile.SetPixel(x, y, channels == 1
                    ? new SKColor(pixels[at], pixels[at], pixels[at])
                    : new SKColor(pixels[at], pixels[at + 1], pixels[at + 2]));
            }
            int left = gap + (n % columns) * (width * scale + gap), top = gap + (n / columns) * (height * scale + gap);
            using var image = SKImage.FromBitmap(tile);
            canvas.DrawImage(image, new SKRect(left, top, left + width * scale, top + height * scale),
                new SKSamplingOptions(SKFilterMode.Nearest), paint);
        }
        return bitmap;
    }
}
