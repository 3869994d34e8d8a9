using System.Runtime.InteropServices;
using Aae.Runs;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing.Processors.Quantization;
using SkiaSharp;

namespace Aae.Visualization;

/// <summary>
/// Writes animated GIFs through ImageSharp: full-size opaque frames, each with its own 256-colour
/// palette from Wu's quantiser, no dithering, one delay for every frame, optionally looping forever.
/// </summary>
/// <remarks>
/// Chosen on a faces run's walks (docs/gif.md; bench/GifCompare): Wu's palettes leave the faces'
/// shading closest to the frames, Octree's bands it visibly; Floyd-Steinberg or Bayer dithering
/// doubles the file and its noise crawls from frame to frame.
/// </remarks>
public static class AnimatedGif
{
    static readonly GifEncoder Encoder = new()
    {
        Quantizer = new WuQuantizer(new QuantizerOptions { Dither = null }),
        ColorTableMode = GifColorTableMode.Local,
    };

    // Wu's quantiser takes a 57 MB table for every frame. ImageSharp's own allocator asks the OS for
    // fresh pages each time (15 s instead of 3 for a faces walk on a VM with slow page faults); the
    // GC's heap is reused.
    static readonly Configuration ReusedMemory = WithGcMemory();

    /// <summary>Writes bitmaps of one size to <paramref name="path"/> atomically; alpha is ignored.</summary>
    /// <param name="delayCentiseconds">How long each frame is shown, in 1/100 s (0 to 65535; browsers show below 2 as 10).</param>
    /// <param name="loopForever">Loop endlessly (the NETSCAPE2.0 extension); otherwise viewers play it once.</param>
    public static void Save(string path, IReadOnlyList<SKBitmap> frames, int delayCentiseconds, bool loopForever = true)
    {
        if (frames.Count == 0) throw new ArgumentException("a GIF needs at least one frame", nameof(frames));
        ArgumentOutOfRangeException.ThrowIfNegative(delayCentiseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(delayCentiseconds, ushort.MaxValue);
        int width = frames[0].Width, height = frames[0].Height;
        using var image = Image.LoadPixelData(ReusedMemory, Rgb(frames[0], width, height), width, height);
        foreach (var frame in frames.Skip(1)) image.Frames.AddFrame(Rgb(frame, width, height));
        foreach (var frame in image.Frames)
        {
            var metadata = frame.Metadata.GetGifMetadata();
            metadata.FrameDelay = delayCentiseconds;
            metadata.DisposalMethod = GifDisposalMethod.NotDispose; // every frame covers the whole picture
        }
        image.Metadata.GetGifMetadata().RepeatCount = (ushort)(loopForever ? 0 : 1); // 0 = forever, 1 = play once
        AtomicFile.Write(path, stream => image.SaveAsGif(stream, Encoder));
    }

    static Configuration WithGcMemory()
    {
        var configuration = Configuration.Default.Clone();
        configuration.MemoryAllocator = new SimpleGcMemoryAllocator();
        return configuration;
    }

    static Rgb24[] Rgb(SKBitmap bitmap, int width, int height)
    {
        if (bitmap.Width != width || bitmap.Height != height)
            throw new ArgumentException($"frame is {bitmap.Width}x{bitmap.Height}, the GIF {width}x{height}", nameof(bitmap));
        var rgba = new Rgba32[width * height];
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var handle = GCHandle.Alloc(rgba, GCHandleType.Pinned);
        try
        {
            using var pixmap = bitmap.PeekPixels();
            if (pixmap is null || !pixmap.ReadPixels(info, handle.AddrOfPinnedObject(), width * 4))
                throw new ArgumentException("cannot read the frame's pixels", nameof(bitmap));
        }
        finally
        {
            handle.Free();
        }
        var rgb = new Rgb24[width * height];
        PixelOperations<Rgba32>.Instance.To(ReusedMemory, rgba, rgb.AsSpan());
        return rgb;
    }
}
