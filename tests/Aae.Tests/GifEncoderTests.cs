using Aae.Visualization;
using SkiaSharp;

namespace Aae.Tests;

/// <summary>GIFs written by <see cref="GifEncoder"/>, read back with Skia's decoder.</summary>
public sealed class GifEncoderTests
{
    [Fact]
    public void FramesDelaysAndLoopingSurviveARoundTrip()
    {
        var frames = new[] { Gradient(64, 64), Solid(64, 64, 200, 30, 90), Gradient(64, 64, flip: true) };
        int[] delays = [10, 25, 0];
        var gif = Encode(64, 64, frames, delays);

        var decoded = Decode(gif, out var frameCount, out var durations, out var repetitions);
        Assert.Equal(3, frameCount);
        Assert.Equal(delays.Select(d => d * 10), durations);
        Assert.Equal(-1, repetitions); // Skia's "repeat forever"
        for (int i = 0; i < frames.Length; i++) Assert.Equal(frames[i], decoded[i]); // <= 256 colours: lossless
    }

    [Fact]
    public void OddSizesWork()
    {
        var frames = new[] { Gradient(37, 23), Solid(37, 23, 0, 255, 0) };
        var decoded = Decode(Encode(37, 23, frames, [5, 5]), out var frameCount, out _, out _);
        Assert.Equal(2, frameCount);
        Assert.Equal(frames, decoded);
    }

    [Fact]
    public void OnePixelFrameWorks()
    {
        byte[] pixel = [12, 34, 56];
        var decoded = Decode(Encode(1, 1, [pixel], [100]), out var frameCount, out var durations, out _);
        Assert.Equal(1, frameCount);
        Assert.Equal([1000], durations);
        Assert.Equal(pixel, decoded[0]);
    }

    [Fact]
    public void WithoutLoopingTheAnimationPlaysOnce()
    {
        using var stream = new MemoryStream();
        var encoder = new GifEncoder(stream, 4, 4, loopForever: false);
        encoder.AddFrame(Solid(4, 4, 1, 2, 3), 10);
        encoder.AddFrame(Solid(4, 4, 3, 2, 1), 10);
        encoder.Finish();
        Decode(stream.ToArray(), out _, out _, out var repetitions);
        Assert.Equal(0, repetitions);
    }

    [Fact]
    public void ManyCodesResetTheLzwTableLosslessly()
    {
        // 256 colours in random order: nearly every pixel adds a table entry, so the 4096-entry
        // table fills (and is cleared) about ten times in this frame.
        var random = new Random(7);
        var colors = new byte[256 * 3];
        random.NextBytes(colors);
        var rgb = new byte[200 * 150 * 3];
        for (int p = 0; p < 200 * 150; p++) colors.AsSpan(3 * random.Next(256), 3).CopyTo(rgb.AsSpan(3 * p));
        var decoded = Decode(Encode(200, 150, [rgb], [10]), out _, out _, out _);
        Assert.Equal(rgb, decoded[0]);
    }

    [Fact]
    public void NoiseWithThousandsOfColoursDecodesToItsPalette()
    {
        var rgb = new byte[128 * 96 * 3];
        new Random(3).NextBytes(rgb);
        Assert.True(DistinctColors(rgb) > 4096);

        var decoded = Decode(Encode(128, 96, [rgb], [10]), out _, out _, out _)[0];
        // Exactly what the quantiser chose: the LZW stream (with its table resets) is lossless ...
        var quantized = ColorQuantizer.Quantize(rgb);
        var expected = quantized.Indices.SelectMany(i => quantized.Palette.AsSpan(3 * i, 3).ToArray()).ToArray();
        Assert.Equal(expected, decoded);
        // ... and 256 colours for uniform noise cost about 10 levels per channel on average.
        Assert.InRange(MeanAbsoluteError(rgb, decoded), 2, 20);
    }

    [Fact]
    public void SmoothImagesWithManyColoursStayClose()
    {
        // A face-like smooth image: three overlapping colour ramps, about 10,000 distinct colours.
        int width = 120, height = 100;
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            int at = 3 * (y * width + x);
            rgb[at] = (byte)(60 + x * 190 / width);
            rgb[at + 1] = (byte)(40 + y * 150 / height);
            rgb[at + 2] = (byte)(30 + (x + y) * 100 / (width + height));
        }
        Assert.True(DistinctColors(rgb) > 4096);
        var decoded = Decode(Encode(width, height, [rgb], [10]), out _, out _, out _)[0];
        Assert.True(MeanAbsoluteError(rgb, decoded) < 3, $"mean error {MeanAbsoluteError(rgb, decoded):0.00}");
        Assert.True(MaxError(rgb, decoded) <= 12, $"max error {MaxError(rgb, decoded)}");
    }

    [Fact]
    public void BitmapsAreSavedAtomically()
    {
        var folder = TestData.NewFolder("aae-gif");
        var path = Path.Combine(folder, "faces.gif");
        using var first = new SKBitmap(20, 10);
        using var second = new SKBitmap(20, 10);
        first.Erase(new SKColor(250, 10, 10));
        second.Erase(new SKColor(10, 10, 250));
        GifEncoder.Save(path, [first, second], delayCentiseconds: 50);

        Assert.Equal([path], Directory.GetFiles(folder)); // no temporary file left behind
        var decoded = Decode(File.ReadAllBytes(path), out var frameCount, out var durations, out _);
        Assert.Equal(2, frameCount);
        Assert.Equal([500, 500], durations);
        Assert.Equal(Solid(20, 10, 250, 10, 10), decoded[0]);
        Assert.Equal(Solid(20, 10, 10, 10, 250), decoded[1]);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void WrongFrameSizesAreRefused()
    {
        var encoder = new GifEncoder(new MemoryStream(), 8, 8);
        Assert.Throws<ArgumentException>(() => encoder.AddFrame(new byte[7 * 8 * 3], 10));
        Assert.Throws<InvalidOperationException>(encoder.Finish);
    }

    static byte[] Encode(int width, int height, byte[][] frames, int[] delays)
    {
        using var stream = new MemoryStream();
        var encoder = new GifEncoder(stream, width, height);
        for (int i = 0; i < frames.Length; i++) encoder.AddFrame(frames[i], delays[i]);
        encoder.Finish();
        var bytes = stream.ToArray();
        Assert.Equal("GIF89a", System.Text.Encoding.ASCII.GetString(bytes, 0, 6));
        Assert.Equal(0x3B, bytes[^1]);
        return bytes;
    }

    /// <summary>Every frame as RGB bytes, plus what Skia reads from the file's structure.</summary>
    static List<byte[]> Decode(byte[] gif, out int frameCount, out int[] durations, out int repetitions)
    {
        using var data = SKData.CreateCopy(gif);
        using var codec = SKCodec.Create(data);
        Assert.NotNull(codec);
        Assert.Equal(SKEncodedImageFormat.Gif, codec.EncodedFormat);
        frameCount = codec.FrameCount;
        durations = codec.FrameInfo.Select(f => f.Duration).ToArray();
        repetitions = codec.RepetitionCount;

        var frames = new List<byte[]>();
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        for (int i = 0; i < frameCount; i++)
        {
            using var bitmap = new SKBitmap(info);
            Assert.Equal(SKCodecResult.Success, codec.GetPixels(info, bitmap.GetPixels(), new SKCodecOptions(i)));
            var rgba = bitmap.GetPixelSpan();
            var rgb = new byte[info.Width * info.Height * 3];
            for (int p = 0; p < info.Width * info.Height; p++)
            {
                Assert.Equal(255, rgba[4 * p + 3]);
                rgb[3 * p] = rgba[4 * p];
                rgb[3 * p + 1] = rgba[4 * p + 1];
                rgb[3 * p + 2] = rgba[4 * p + 2];
            }
            frames.Add(rgb);
        }
        return frames;
    }

    static byte[] Gradient(int width, int height, bool flip = false)
    {
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            int at = 3 * (y * width + x);
            // 16 x 16 levels: 256 colours at most, so the palette holds them exactly.
            int u = x * 16 / width, v = y * 16 / height;
            rgb[at] = (byte)((flip ? 15 - u : u) * 17);
            rgb[at + 1] = (byte)(v * 17);
            rgb[at + 2] = (byte)(255 - u * 8 - v * 8);
        }
        return rgb;
    }

    static byte[] Solid(int width, int height, byte r, byte g, byte b)
    {
        var rgb = new byte[width * height * 3];
        for (int p = 0; p < width * height; p++) (rgb[3 * p], rgb[3 * p + 1], rgb[3 * p + 2]) = (r, g, b);
        return rgb;
    }

    static int DistinctColors(byte[] rgb) =>
        Enumerable.Range(0, rgb.Length / 3).Select(p => (rgb[3 * p] << 16) | (rgb[3 * p + 1] << 8) | rgb[3 * p + 2]).Distinct().Count();

    static double MeanAbsoluteError(byte[] a, byte[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Average();

    static int MaxError(byte[] a, byte[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
}
