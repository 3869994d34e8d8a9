// Encodes the same faces-walk frames with the project's GIF writer (AnimatedGif: ImageSharp, Wu,
// local palettes, no dithering) and with ImageSharp's other quantisers, ditherings and palette modes;
// prints bytes, milliseconds and the error against the frames; writes each GIF, its first frame as PNG
// and sheet.png (one face as each left it) into the output folder. The comparison with the project's
// former own encoder (median cut, its own LZW) is this program at the commit that added it.
//
//   flock /tmp/aae-cpu.lock dotnet run --project bench/GifCompare -c Release -- <faces run> <data dir> <output folder> [repeats] [name filter]
//
// The filter picks encoders whose name contains it, or any of its |-separated parts.
//
// The time is the fastest of the repeats (other work on a shared machine only ever adds to it).
using System.Diagnostics;
using System.Runtime.InteropServices;
using GifCompare;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Dithering;
using SixLabors.ImageSharp.Processing.Processors.Quantization;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: GifCompare <faces run> <data dir> <output folder> [repeats] [name filter]");
    return 1;
}
string output = Directory.CreateDirectory(args[2]).FullName;
int repeats = args.Length > 3 ? int.Parse(args[3]) : 3;
string filter = args.Length > 4 ? args[4] : "";
var frames = WalkFrames.Load(args[0], args[1], Path.Combine(output, "frames.bin"));
Console.WriteLine($"{frames.Rgb.Count} frames of {frames.Width}x{frames.Height}, delay 6 cs, looping");

var bitmaps = frames.Rgb.Select(rgb => WalkFrames.Bitmap(rgb, frames.Width, frames.Height)).ToList();
var encoders = new List<(string Name, Func<byte[]> Encode)> { ("AnimatedGif (Wu, local, no dither)", () => Library(bitmaps, output)) };
foreach (var (quantizerName, makeQuantizer) in new (string, Func<QuantizerOptions, IQuantizer>)[]
         { ("Octree", o => new OctreeQuantizer(o)), ("Wu", o => new WuQuantizer(o)), ("WebSafe", o => new WebSafePaletteQuantizer(o)) })
foreach (var (ditherName, dither) in new (string, IDither?)[]
         { ("no dither", null), ("Floyd-Steinberg", KnownDitherings.FloydSteinberg), ("Bayer 8x8", KnownDitherings.Bayer8x8) })
foreach (var mode in new[] { GifColorTableMode.Local, GifColorTableMode.Global })
{
    if (quantizerName == "WebSafe" && mode == GifColorTableMode.Local) continue; // one fixed palette either way
    // ImageSharp 2.1's Wu rebuilds its whole palette for every sampled row of a global table: still
    // running after 10 minutes here.
    if (quantizerName == "Wu" && mode == GifColorTableMode.Global) continue;
    var quantizer = makeQuantizer(new QuantizerOptions { Dither = dither });
    encoders.Add(($"ImageSharp {quantizerName}, {mode.ToString().ToLowerInvariant()}, {ditherName}",
        () => ImageSharpGif(frames, new GifEncoder { Quantizer = quantizer, ColorTableMode = mode })));
}
var chosen = encoders.Where(e => filter.Split('|').Any(f => e.Name.Contains(f, StringComparison.OrdinalIgnoreCase))).ToList();
// Round-robin, so load from other work on the machine spreads over every encoder alike.
var times = chosen.Select(_ => new List<double>()).ToArray();
var gifs = new byte[chosen.Count][];
for (int r = 0; r < repeats; r++)
for (int e = 0; e < chosen.Count; e++)
{
    var clock = Stopwatch.StartNew();
    gifs[e] = chosen[e].Encode();
    times[e].Add(clock.Elapsed.TotalMilliseconds);
}

var looks = new List<(string Name, byte[] First, byte[] Middle)> { ("frames given", frames.Rgb[0], frames.Rgb[frames.Rgb.Count / 4]) };
Console.WriteLine($"{"encoder",-46} {"bytes",11} {"ms",7} {"MAE",6} {"PSNR",6} {"flicker",8}");
for (int e = 0; e < chosen.Count; e++)
{
    string name = chosen[e].Name, file = Slug(name);
    File.WriteAllBytes(Path.Combine(output, file + ".gif"), gifs[e]);
    var decoded = Decode(gifs[e], frames, out int loops);
    var q = Quality.Measure(frames.Rgb, decoded);
    Console.WriteLine($"{name,-46} {gifs[e].Length,11:N0} {times[e].Min(),7:F0} {q.MeanAbsoluteError,6:F2} {q.Psnr,6:F2} {q.Flicker,8:F2}" +
        (loops == 0 ? "" : $"  (repeat count {loops})"));
    SavePng(decoded[0], frames.Width, frames.Height, Path.Combine(output, file + ".first.png"));
    looks.Add((name.Replace("ImageSharp ", ""), decoded[0], decoded[frames.Rgb.Count / 4]));
}
Looks.SaveSheet(looks, frames.Width, Path.Combine(output, "sheet.png"));
foreach (var bitmap in bitmaps) bitmap.Dispose();
return 0;

/// <summary>What FaceFigureSet.SaveWalkGrid does with the bitmaps of a walk, read back.</summary>
static byte[] Library(List<SkiaSharp.SKBitmap> bitmaps, string output)
{
    var path = Path.Combine(output, "library.tmp.gif");
    Aae.Visualization.AnimatedGif.Save(path, bitmaps, Aae.Visualization.FaceFigureSet.WalkFrameDelayCentiseconds);
    var bytes = File.ReadAllBytes(path);
    File.Delete(path);
    return bytes;
}

static byte[] ImageSharpGif(WalkFrames.Frames frames, GifEncoder encoder)
{
    using var image = Image.LoadPixelData<Rgb24>(frames.Rgb[0], frames.Width, frames.Height);
    foreach (var rgb in frames.Rgb.Skip(1)) image.Frames.AddFrame(MemoryMarshal.Cast<byte, Rgb24>(rgb));
    foreach (var frame in image.Frames) frame.Metadata.GetGifMetadata().FrameDelay = 6;
    image.Metadata.GetGifMetadata().RepeatCount = 0; // forever
    using var stream = new MemoryStream();
    image.SaveAsGif(stream, encoder);
    return stream.ToArray();
}

static List<byte[]> Decode(byte[] gif, WalkFrames.Frames frames, out int repeatCount)
{
    using var image = Image.Load<Rgb24>(gif);
    if (image.Frames.Count != frames.Rgb.Count || image.Width != frames.Width || image.Height != frames.Height)
        throw new InvalidOperationException($"decoded {image.Frames.Count} frames of {image.Width}x{image.Height}");
    repeatCount = image.Metadata.GetGifMetadata().RepeatCount;
    return image.Frames.Cast<ImageFrame<Rgb24>>().Select(frame =>
    {
        var rgb = new byte[frames.Width * frames.Height * 3];
        frame.CopyPixelDataTo(MemoryMarshal.Cast<byte, Rgb24>(rgb.AsSpan()));
        return rgb;
    }).ToList();
}

static void SavePng(byte[] rgb, int width, int height, string path)
{
    using var image = Image.LoadPixelData<Rgb24>(rgb, width, height);
    image.SaveAsPng(path);
}

static string Slug(string name) =>
    new string(name.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Replace("--", "-").Trim('-');
