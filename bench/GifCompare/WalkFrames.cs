using Aae.Evaluation;
using Aae.Experiments;
using Aae.Visualization;
using SkiaSharp;
using static TorchSharp.torch;

namespace GifCompare;

/// <summary>The frames of a run's interpolations.gif (16 training faces walking to their nearest neighbours), as RGB bytes, cached on disk.</summary>
static class WalkFrames
{
    public sealed record Frames(int Width, int Height, List<byte[]> Rgb);

    public static Frames Load(string runPath, string dataDirectory, string cachePath)
    {
        if (File.Exists(cachePath)) return Read(cachePath);
        var frames = Render(runPath, dataDirectory);
        Write(cachePath, frames);
        return frames;
    }

    /// <summary>As `aae interpolate` without --images (seed 1, 32 frames each way).</summary>
    static Frames Render(string runPath, string dataDirectory)
    {
        using var experiment = Experiment.Open(runPath, dataDirectory, threads: 2);
        using var scope = NewDisposeScope();
        var trainCodes = Encoding.Encode(experiment.Family, experiment.TrainImages);
        var chosen = randperm(experiment.TrainImages.Count, generator: new Generator(1))[..16];
        var starts = trainCodes.index_select(0, chosen);
        var neighbours = NearestNeighbours.Distinct(starts, trainCodes);
        var walks = Enumerable.Range(0, 16)
            .Select(i => LatentWalk.ThereAndBack(starts[i], trainCodes[neighbours[i]], FaceFigureSet.WalkFramesPerDirection))
            .ToArray();
        var bitmaps = FaceFigureSet.RenderWalkGrid(experiment.Family, walks);
        var frames = new Frames(bitmaps[0].Width, bitmaps[0].Height, bitmaps.Select(Rgb).ToList());
        foreach (var bitmap in bitmaps) bitmap.Dispose();
        return frames;
    }

    public static byte[] Rgb(SKBitmap bitmap)
    {
        var rgb = new byte[bitmap.Width * bitmap.Height * 3];
        for (int y = 0, at = 0; y < bitmap.Height; y++)
        for (int x = 0; x < bitmap.Width; x++, at += 3)
        {
            var c = bitmap.GetPixel(x, y);
            (rgb[at], rgb[at + 1], rgb[at + 2]) = (c.Red, c.Green, c.Blue);
        }
        return rgb;
    }

    /// <summary>RGB bytes back into a bitmap (for encoders that take bitmaps).</summary>
    public static SKBitmap Bitmap(byte[] rgb, int width, int height)
    {
        var bitmap = new SKBitmap(width, height);
        for (int y = 0, at = 0; y < height; y++)
        for (int x = 0; x < width; x++, at += 3)
            bitmap.SetPixel(x, y, new SKColor(rgb[at], rgb[at + 1], rgb[at + 2]));
        return bitmap;
    }

    static void Write(string path, Frames frames)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(frames.Width);
        writer.Write(frames.Height);
        writer.Write(frames.Rgb.Count);
        foreach (var frame in frames.Rgb) writer.Write(frame);
    }

    static Frames Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        int width = reader.ReadInt32(), height = reader.ReadInt32(), count = reader.ReadInt32();
        var rgb = Enumerable.Range(0, count).Select(_ => reader.ReadBytes(width * height * 3)).ToList();
        return new Frames(width, height, rgb);
    }
}
