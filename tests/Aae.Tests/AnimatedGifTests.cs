using Aae.Visualization;
using SkiaSharp;

namespace Aae.Tests;

/// <summary>GIFs written by <see cref="AnimatedGif"/> (ImageSharp's encoder), read back with Skia's decoder (Chromium's).</summary>
[Trait("Category", "Unit")]
public sealed class AnimatedGifTests
{
    [Fact]
    public void FramesSizeDelaysAndLoopingSurviveARoundTrip()
    {
        var frames = new[] { Checkerboard(37, 23, 1), Solid(37, 23, 200, 30, 90), Checkerboard(37, 23, 2) };
        var decoded = SaveAndDecode(frames, delayCentiseconds: 6, loopForever: true, out var gif);

        Assert.Equal(3, gif.FrameCount);
        Assert.Equal((37, 23), (gif.Width, gif.Height));
        Assert.Equal([60, 60, 60], gif.Durations);
        Assert.Equal(-1, gif.Repetitions); // Skia's "repeat forever"
        // A few colours per frame: each palette holds them exactly.
        for (int i = 0; i < frames.Length; i++) Assert.Equal(Rgb(frames[i]), decoded[i]);
        foreach (var frame in frames) frame.Dispose();
    }

    [Fact]
    public void WithoutLoopingTheAnimationPlaysOnce()
    {
        using var first = Solid(4, 4, 1, 2, 3);
        using var second = Solid(4, 4, 3, 2, 1);
        SaveAndDecode([first, second], delayCentiseconds: 10, loopForever: false, out var gif);
        Assert.Equal(0, gif.Repetitions);
        Assert.Equal([100, 100], gif.Durations);
    }

    [Fact]
    public void SmoothImagesWithManyColoursStayClose()
    {
        // A face-like smooth image: three overlapping colour ramps, about 10,000 distinct colours,
        // far more than a GIF palette holds.
        int width = 120, height = 100;
        using var ramps = new SKBitmap(width, height);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            ramps.SetPixel(x, y, new SKColor((byte)(60 + x * 190 / width), (byte)(40 + y * 150 / height),
                (byte)(30 + (x + y) * 100 / (width + height))));
        var original = Rgb(ramps);
        Assert.True(original.Chunk(3).Select(c => (c[0] << 16) | (c[1] << 8) | c[2]).Distinct().Count() > 4096);

        var decoded = SaveAndDecode([ramps], delayCentiseconds: 10, loopForever: true, out _)[0];
        var errors = original.Zip(decoded, (a, b) => Math.Abs(a - b)).ToArray();
        // 256 colours over 10,000: about 1.5 levels of 255 on average; no dithering noise on top.
        Assert.True(errors.Average() < 3, $"mean error {errors.Average():0.00}");
        Assert.True(errors.Max() <= 12, $"max error {errors.Max()}");
    }

    [Fact]
    public void SavingIsAtomicAndWrongSizesAreRefused()
    {
        var folder = TestData.NewFolder("aae-gif");
        var path = Path.Combine(folder, "faces.gif");
        using var small = Solid(8, 8, 0, 0, 0);
        using var large = Solid(9, 8, 0, 0, 0);
        Assert.Throws<ArgumentException>(() => AnimatedGif.Save(path, [small, large], 10));
        Assert.Throws<ArgumentException>(() => AnimatedGif.Save(path, [], 10));
        Assert.Empty(Directory.GetFiles(folder)); // nothing written, no temporary file left

        AnimatedGif.Save(path, [small, small], 10);
        Assert.Equal([path], Directory.GetFiles(folder));
        Directory.Delete(folder, recursive: true);
    }

    sealed record Decoded(int FrameCount, int Width, int Height, int[] Durations, int Repetitions);

    /// <summary>Saves through <see cref="AnimatedGif.Save"/>, then decodes every frame as RGB bytes with Skia.</summary>
    static List<byte[]> SaveAndDecode(SKBitmap[] frames, int delayCentiseconds, bool loopForever, out Decoded gif)
    {
        var folder = TestData.NewFolder("aae-gif");
        var path = Path.Combine(folder, "a.gif");
        AnimatedGif.Save(path, frames, delayCentiseconds, loopForever);
        var bytes = File.ReadAllBytes(path);
        Directory.Delete(folder, recursive: true);
        Assert.Equal("GIF89a", System.Text.Encoding.ASCII.GetString(bytes, 0, 6));

        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        Assert.NotNull(codec);
        Assert.Equal(SKEncodedImageFormat.Gif, codec.EncodedFormat);
        gif = new Decoded(codec.FrameCount, codec.Info.Width, codec.Info.Height,
            codec.FrameInfo.Select(f => f.Duration).ToArray(), codec.RepetitionCount);

        var decoded = new List<byte[]>();
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        for (int i = 0; i < codec.FrameCount; i++)
        {
            using var bitmap = new SKBitmap(info);
            Assert.Equal(SKCodecResult.Success, codec.GetPixels(info, bitmap.GetPixels(), new SKCodecOptions(i)));
            Assert.All(bitmap.Pixels, pixel => Assert.Equal(255, pixel.Alpha)); // opaque: no transparent index
            decoded.Add(Rgb(bitmap));
        }
        return decoded;
    }

    static byte[] Rgb(SKBitmap bitmap) =>
        bitmap.Pixels.SelectMany(c => new[] { c.Red, c.Green, c.Blue }).ToArray();

    /// <summary>Squares of <paramref name="size"/> pixels in four colours.</summary>
    static SKBitmap Checkerboard(int width, int height, int size)
    {
        SKColor[] colors = [new(250, 10, 10), new(10, 250, 10), new(10, 10, 250), new(255, 255, 255)];
        var bitmap = new SKBitmap(width, height);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            bitmap.SetPixel(x, y, colors[(x / size + 2 * (y / size)) % 4]);
        return bitmap;
    }

    static SKBitmap Solid(int width, int height, byte r, byte g, byte b)
    {
        var bitmap = new SKBitmap(width, height);
        bitmap.Erase(new SKColor(r, g, b));
        return bitmap;
    }
}
