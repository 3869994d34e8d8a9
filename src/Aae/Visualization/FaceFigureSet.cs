using Aae.Data;
using Aae.Evaluation;
using Aae.Families;
using ScottPlot;
using SkiaSharp;
using static TorchSharp.torch;

namespace Aae.Visualization;

/// <summary>Figures of image-folder runs (faces): reconstruction pairs, latent walks as GIFs, code norms.</summary>
public static class FaceFigureSet
{
    public const int WalkFramesPerDirection = 32;

    /// <summary>Up to 32 images, each beside its reconstruction, in 4 pairs per row.</summary>
    public static void SaveReconstructions(string path, ModelFamily model, ImageDataset data, Tensor codes, string caption)
    {
        using var scope = NewDisposeScope();
        int count = Math.Min(32, data.Count);
        var originals = data.FloatImages(arange(count, dtype: ScalarType.Int64));
        var decoded = Encoding.Decode(model, codes[..count], data.Labels[..count]);
        // Interleave original, reconstruction, original, ... so each pair sits side by side.
        var pairs = stack([originals, decoded], 1).flatten(0, 1);
        using var grid = ImageGrid.Render(pairs, 8, scale: 2);
        using var figure = Png.SideBySide([(grid, $"{caption}: original | reconstruction")]);
        Png.Save(figure, path);
    }

    /// <summary>A GIF of faces in a 4x4 grid, each walking to its nearest distinct neighbour and back, upscaled x3.</summary>
    public static void SaveNeighbourWalks(string path, ModelFamily model, Tensor starts, Tensor candidates,
        int framesPerDirection = WalkFramesPerDirection)
    {
        using var scope = NewDisposeScope();
        var neighbours = NearestNeighbours.Distinct(starts, candidates);
        var walks = Enumerable.Range(0, (int)starts.shape[0])
            .Select(i => LatentWalk.ThereAndBack(starts[i], candidates[neighbours[i]], framesPerDirection))
            .ToArray();
        SaveWalkGrid(path, model, walks);
    }

    /// <summary>Decodes walks ([frames, latent] each, same length) and writes them as one looping GIF grid.</summary>
    public static void SaveWalkGrid(string path, ModelFamily model, IReadOnlyList<Tensor> walks)
    {
        var frames = RenderWalkGrid(model, walks);
        try
        {
            AnimatedGif.Save(path, frames, WalkFrameDelayCentiseconds);
        }
        finally
        {
            foreach (var frame in frames) frame.Dispose();
        }
    }

    /// <summary>How long each walk frame is shown: 60 ms, about 16 frames a second.</summary>
    public const int WalkFrameDelayCentiseconds = 6;

    /// <summary>The frames of <see cref="SaveWalkGrid"/>: frame f shows every walk's f-th decode, in a near-square grid, upscaled x3.</summary>
    public static List<SKBitmap> RenderWalkGrid(ModelFamily model, IReadOnlyList<Tensor> walks)
    {
        using var scope = NewDisposeScope();
        int frames = (int)walks[0].shape[0];
        int columns = (int)Math.Ceiling(Math.Sqrt(walks.Count));
        // [faces, frames, C, H, W]
        var decoded = stack(walks.Select(w => Encoding.Decode(model, w)).ToArray(), 0);
        var bitmaps = new List<SKBitmap>();
        try
        {
            for (int f = 0; f < frames; f++) bitmaps.Add(ImageGrid.Render(decoded[.., f], columns, scale: 3));
            return bitmaps;
        }
        catch
        {
            foreach (var bitmap in bitmaps) bitmap.Dispose();
            throw;
        }
    }

    /// <summary>Histogram of code norms against the norms of prior samples: an AAE's codes should match the prior's shell.</summary>
    public static void SaveCodeNorms(string path, Tensor codes, Tensor priorSamples)
    {
        var codeNorms = codes.norm(1).to_type(ScalarType.Float64).data<double>().ToArray();
        var priorNorms = priorSamples.norm(1).to_type(ScalarType.Float64).data<double>().ToArray();
        double low = Math.Min(codeNorms.Min(), priorNorms.Min()), high = Math.Max(codeNorms.Max(), priorNorms.Max());
        var plot = new Plot();
        HistogramLine.Add(plot, priorNorms, low, high, "prior samples", 0);
        HistogramLine.Add(plot, codeNorms, low, high, "codes of the training images", 1);
        plot.Title("norm of the latent codes");
        plot.XLabel("‖z‖");
        plot.YLabel("fraction");
        plot.ShowLegend(Alignment.UpperRight);
        using var bitmap = Plots.Render(plot, 720, 460);
        Png.Save(bitmap, path);
    }
}
