using SkiaSharp;

namespace Aae.Data;

/// <summary>
/// Decodes one JPEG or PNG file, optionally takes a centre square, and resizes it to a fixed size
/// with bicubic interpolation (no alignment; the aspect ratio is not kept). Grey images become RGB; transparent
/// pixels come out black (alpha is dropped after premultiplying).
/// </summary>
internal static class ImageFileDecoder
{
    // Larger decodes are refused rather than risking gigabytes for one corrupt or absurd header.
    const long MaxDecodedPixels = 64L << 20;

    // Catmull-Rom is the cubic that PIL's and torchvision's "bicubic" use (Keys, a = -0.5).
    static readonly SKSamplingOptions Bicubic = new(SKCubicResampler.CatmullRom);

    // Bilinear sampling at exactly half size averages each 2x2 block.
    static readonly SKSamplingOptions Halving = new(SKFilterMode.Linear);

    /// <summary>
    /// Decodes <paramref name="path"/> into <paramref name="planes"/> (width*height bytes of R,
    /// then of G, then of B). Returns why the file is unusable, or null on success.
    /// </summary>
    public static string? TryDecode(string path, int width, int height, Span<byte> planes, int? crop = null)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot read ({e.Message})";
        }
        if (bytes.Length == 0) return "empty file";

        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null) return "not a readable JPEG or PNG image";

        // With a crop, the decoded square must still be at least the target: decode the whole accordingly larger.
        var whole = codec.Info.Size;
        int side = Math.Min(crop ?? int.MaxValue, Math.Min(whole.Width, whole.Height));
        var size = crop is null ? DecodeSize(codec, width, height)
            : DecodeSize(codec, (int)Math.Ceiling((double)width * whole.Width / side), (int)Math.Ceiling((double)height * whole.Height / side));
        if ((long)size.Width * size.Height > MaxDecodedPixels)
            return $"too large ({codec.Info.Width}x{codec.Info.Height})";
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result == SKCodecResult.IncompleteInput) return "truncated image data";
        if (result != SKCodecResult.Success) return $"cannot decode ({result})";

        using var cropped = crop is null ? null : CentreSquare(decoded, (int)Math.Round((double)side * size.Width / whole.Width));
        using var resized = Resize(cropped ?? decoded, width, height);
        CopyPlanes(resized, planes);
        return null;
    }

    /// <summary>The centre <paramref name="side"/> x <paramref name="side"/> pixels of <paramref name="image"/> (sharing its pixels: dispose it first).</summary>
    static SKBitmap CentreSquare(SKBitmap image, int side)
    {
        side = Math.Clamp(side, 1, Math.Min(image.Width, image.Height));
        var square = new SKBitmap();
        if (!image.ExtractSubset(square, SKRectI.Create((image.Width - side) / 2, (image.Height - side) / 2, side, side)))
            throw new InvalidOperationException($"cannot take a {side}-pixel square of a {image.Width}x{image.Height} image");
        return square;
    }

    /// <summary>
    /// JPEG decoders can shrink by k/8 while decoding, which is both faster and a proper low-pass
    /// filter; ask for the smallest such size that is still at least the target. Other formats
    /// decode at full size.
    /// </summary>
    static SKSizeI DecodeSize(SKCodec codec, int width, int height)
    {
        var full = codec.Info.Size;
        float scale = Math.Max((float)width / full.Width, (float)height / full.Height);
        if (scale >= 1) return full;
        var scaled = codec.GetScaledDimensions(scale);
        return scaled.Width >= width && scaled.Height >= height ? scaled : full;
    }

    /// <summary>
    /// Halves each side while it is at least twice the target, then finishes with one bicubic step.
    /// A cubic kernel alone ignores most source pixels when shrinking by more than 2x (aliasing).
    /// </summary>
    static SKBitmap Resize(SKBitmap source, int width, int height)
    {
        var current = source;
        try
        {
            while (true)
            {
                int nextWidth = current.Width >= 2 * width ? current.Width / 2 : current.Width;
                int nextHeight = current.Height >= 2 * height ? current.Height / 2 : current.Height;
                if (nextWidth == current.Width && nextHeight == current.Height) break;
                var half = new SKBitmap(current.Info.WithSize(nextWidth, nextHeight));
                current.ScalePixels(half, Halving);
                if (current != source) current.Dispose();
                current = half;
            }
            var result = new SKBitmap(current.Info.WithSize(width, height));
            current.ScalePixels(result, Bicubic);
            return result;
        }
        finally
        {
            if (current != source) current.Dispose();
        }
    }

    static void CopyPlanes(SKBitmap rgba, Span<byte> planes)
    {
        int width = rgba.Width, height = rgba.Height, plane = width * height, rowBytes = rgba.RowBytes;
        ReadOnlySpan<byte> pixels = rgba.GetPixelSpan();
        for (int y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * rowBytes, width * 4);
            int at = y * width;
            for (int x = 0; x < width; x++, at++)
            {
                planes[at] = row[4 * x];
                planes[plane + at] = row[4 * x + 1];
                planes[2 * plane + at] = row[4 * x + 2];
            }
        }
    }
}
