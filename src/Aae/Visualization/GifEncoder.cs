using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Aae.Runs;
using SkiaSharp;

namespace Aae.Visualization;

/// <summary>
/// Writes animated GIF89a files: full-size opaque frames, each with its own 256-colour palette fitted
/// to it (see <see cref="ColorQuantizer"/>: faces keep far more shading than with one fixed palette),
/// a delay per frame, and optionally endless looping (the NETSCAPE2.0 extension).
/// </summary>
/// <remarks>
/// Usage: construct on a stream, <see cref="AddFrame(ReadOnlySpan{byte}, int)"/> for each frame, then
/// <see cref="Finish"/>. Or <see cref="Save(string, int, int, Action{GifEncoder}, bool)"/> to write a
/// file atomically. Browsers show delays below 2 centiseconds as 10.
/// </remarks>
public sealed class GifEncoder
{
    readonly Stream output;
    readonly bool loopForever;
    bool finished;

    public int Width { get; }
    public int Height { get; }
    public int FrameCount { get; private set; }

    /// <param name="output">Where the GIF is written; left open.</param>
    /// <param name="width">Width of every frame, 1 to 65535.</param>
    /// <param name="height">Height of every frame, 1 to 65535.</param>
    /// <param name="loopForever">Loop the animation endlessly; otherwise viewers play it once.</param>
    public GifEncoder(Stream output, int width, int height, bool loopForever = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, ushort.MaxValue);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, ushort.MaxValue);
        this.output = output;
        this.loopForever = loopForever;
        Width = width;
        Height = height;
    }

    /// <summary>Adds a frame given as R, G, B bytes per pixel, row by row (width*height*3 bytes).</summary>
    /// <param name="delayCentiseconds">How long the frame is shown, in 1/100 s (0 to 65535).</param>
    public void AddFrame(ReadOnlySpan<byte> rgb, int delayCentiseconds)
    {
        if (finished) throw new InvalidOperationException("the GIF is already finished");
        if (rgb.Length != Width * Height * 3)
            throw new ArgumentException($"expected {Width}x{Height}x3 = {Width * Height * 3} bytes, got {rgb.Length}", nameof(rgb));
        ArgumentOutOfRangeException.ThrowIfNegative(delayCentiseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(delayCentiseconds, ushort.MaxValue);

        if (FrameCount == 0) WriteHeader();
        var quantized = ColorQuantizer.Quantize(rgb);
        // The colour table holds 2^bits entries; LZW needs at least 2 bits per index.
        int bits = 2;
        while (1 << bits < quantized.ColorCount) bits++;

        // Graphic control extension: disposal "leave in place", no transparency, the delay.
        Span<byte> control = [0x21, 0xF9, 0x04, 0x04, 0, 0, 0, 0x00];
        BinaryPrimitives.WriteUInt16LittleEndian(control[4..], (ushort)delayCentiseconds);
        output.Write(control);

        // Image descriptor covering the whole screen, with a local colour table of 2^bits entries.
        Span<byte> descriptor = stackalloc byte[10];
        descriptor[0] = 0x2C;
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[5..], (ushort)Width);
        BinaryPrimitives.WriteUInt16LittleEndian(descriptor[7..], (ushort)Height);
        descriptor[9] = (byte)(0x80 | (bits - 1));
        output.Write(descriptor);
        var table = new byte[3 << bits]; // unused entries stay black
        quantized.Palette.CopyTo(table, 0);
        output.Write(table);

        GifLzw.Write(output, quantized.Indices, bits);
        FrameCount++;
    }

    /// <summary>Adds a bitmap of the GIF's size as a frame; alpha is ignored.</summary>
    public void AddFrame(SKBitmap frame, int delayCentiseconds) => AddFrame(Rgb(frame, Width, Height), delayCentiseconds);

    /// <summary>Writes the trailer. The GIF needs at least one frame.</summary>
    public void Finish()
    {
        if (finished) return;
        if (FrameCount == 0) throw new InvalidOperationException("a GIF needs at least one frame");
        output.WriteByte(0x3B);
        finished = true;
    }

    /// <summary>Writes a GIF to <paramref name="path"/> atomically: <paramref name="addFrames"/> adds the frames.</summary>
    public static void Save(string path, int width, int height, Action<GifEncoder> addFrames, bool loopForever = true) =>
        AtomicFile.Write(path, stream =>
        {
            // Not disposed: that would close the file before AtomicFile flushes it.
            var buffered = new BufferedStream(stream, 1 << 16);
            var gif = new GifEncoder(buffered, width, height, loopForever);
            addFrames(gif);
            gif.Finish();
            buffered.Flush();
        });

    /// <summary>Writes bitmaps of one size as a GIF to <paramref name="path"/> atomically, all with the same delay.</summary>
    public static void Save(string path, IReadOnlyList<SKBitmap> frames, int delayCentiseconds, bool loopForever = true)
    {
        if (frames.Count == 0) throw new ArgumentException("a GIF needs at least one frame", nameof(frames));
        Save(path, frames[0].Width, frames[0].Height, gif =>
        {
            foreach (var frame in frames) gif.AddFrame(frame, delayCentiseconds);
        }, loopForever);
    }

    void WriteHeader()
    {
        // Header and logical screen descriptor: no global colour table (every frame brings its own),
        // colour resolution 8 bits, background index 0, square pixels.
        Span<byte> screen = [.. "GIF89a"u8, 0, 0, 0, 0, 0x70, 0, 0];
        BinaryPrimitives.WriteUInt16LittleEndian(screen[6..], (ushort)Width);
        BinaryPrimitives.WriteUInt16LittleEndian(screen[8..], (ushort)Height);
        output.Write(screen);
        if (loopForever)
            output.Write([0x21, 0xFF, 0x0B, .. "NETSCAPE2.0"u8, 0x03, 0x01, 0x00, 0x00, 0x00]); // loop count 0 = forever
    }

    static byte[] Rgb(SKBitmap bitmap, int width, int height)
    {
        if (bitmap.Width != width || bitmap.Height != height)
            throw new ArgumentException($"frame is {bitmap.Width}x{bitmap.Height}, the GIF {width}x{height}", nameof(bitmap));
        var rgba = new byte[width * height * 4];
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
        var rgb = new byte[width * height * 3];
        for (int p = 0; p < width * height; p++)
        {
            rgb[3 * p] = rgba[4 * p];
            rgb[3 * p + 1] = rgba[4 * p + 1];
            rgb[3 * p + 2] = rgba[4 * p + 2];
        }
        return rgb;
    }
}
