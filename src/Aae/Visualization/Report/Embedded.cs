using SkiaSharp;
using static TorchSharp.torch;

namespace Aae.Visualization.Report;

/// <summary>
/// Tensors and images as base64 text for report.html: float32 little-endian arrays the page reads
/// into a Float32Array, and image grids as one lossless WebP each (smaller than PNG; every current
/// browser decodes it), so the page needs nothing from the network.
/// </summary>
public static class Embedded
{
    /// <summary>The tensor's values, float32 in row-major order.</summary>
    public static string Floats(Tensor values)
    {
        using var contiguous = values.detach().to(ScalarType.Float32).contiguous();
        return Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(contiguous.data<float>().ToArray().AsSpan()));
    }

    /// <summary>Small whole numbers (class indices, 0-255) as one byte each.</summary>
    public static string Bytes(IEnumerable<int> values) => Convert.ToBase64String(values.Select(v => (byte)v).ToArray());

    /// <summary>An image laid out for the page: tiles of Height x Width, Columns to a row.</summary>
    public sealed record Sprite(string Mime, string Data, int Columns, int Count, int Height, int Width, int Channels);

    /// <summary>
    /// Images [N, C, H, W] (uint8, or floats in [0, 1]) as one grid, <paramref name="columns"/> tiles
    /// wide; with <paramref name="levels"/> &lt; 256 each channel keeps that many evenly spaced values.
    /// </summary>
    public static Sprite Grid(Tensor images, int columns, int levels = 256)
    {
        using var scope = NewDisposeScope();
        var bytes = images.dtype == ScalarType.Byte ? images : images.detach().clamp(0, 1).mul(255).round().to(ScalarType.Byte);
        if (levels < 256)
        {
            float step = 255f / (levels - 1);
            bytes = bytes.to(ScalarType.Float32).div(step).round().mul(step).round().to(ScalarType.Byte);
        }
        int count = (int)bytes.shape[0], channels = (int)bytes.shape[1], height = (int)bytes.shape[2], width = (int)bytes.shape[3];
        columns = Math.Max(1, Math.Min(columns, count));
        int rows = (count + columns - 1) / columns;
        // [N, C, H, W] -> [rows, H, columns, W, C]: the grid's pixels row by row.
        var padded = count == rows * columns ? bytes : cat([bytes, zeros([rows * columns - count, channels, height, width], ScalarType.Byte)]);
        var pixels = padded.view([rows, columns, channels, height, width]).permute(0, 3, 1, 4, 2).contiguous().data<byte>().ToArray();
        var info = new SKImageInfo(columns * width, rows * height, channels == 1 ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var target = new byte[info.BytesSize];
        if (channels == 1) pixels.CopyTo(target, 0);
        else
            for (int i = 0, o = 0; i < pixels.Length; i += 3, o += 4)
                (target[o], target[o + 1], target[o + 2], target[o + 3]) = (pixels[i], pixels[i + 1], pixels[i + 2], 255);
        System.Runtime.InteropServices.Marshal.Copy(target, 0, bitmap.GetPixels(), target.Length);
        return new Sprite("image/webp", Convert.ToBase64String(Webp(bitmap)), columns, count, height, width, channels);
    }

    /// <summary>A PNG (a figure) as lossless WebP: the same pixels in about a third less space.</summary>
    public static string PngAsWebp(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png) ?? throw new AaeException("not a PNG SkiaSharp can read");
        return Convert.ToBase64String(Webp(bitmap));
    }

    static byte[] Webp(SKBitmap bitmap)
    {
        using var pixmap = bitmap.PeekPixels() ?? throw new InvalidOperationException("SkiaSharp gave no pixels for the sprite");
        using var webp = pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 100))
            ?? throw new InvalidOperationException("SkiaSharp could not encode the sprite as WebP");
        return webp.ToArray();
    }
}
