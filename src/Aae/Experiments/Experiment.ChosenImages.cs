using Aae.Families;
using Aae.Data;
using Aae.Evaluation;
using Aae.Visualization;
using static TorchSharp.torch;

namespace Aae.Experiments;

/// <summary>The run's commands on images a user chooses: reconstruct and interpolate.</summary>
public sealed partial class Experiment
{
    /// <summary>Reconstructs image files (resized like the training data) into a figure of pairs.</summary>
    public void SaveReconstructions(string path, IReadOnlyList<string> files)
    {
        RefuseClassConditioned("reconstruct");
        using var scope = NewDisposeScope();
        using var images = LoadLikeTraining(files);
        FaceFigureSet.SaveReconstructions(path, Family, images, Encoding.Encode(Family, images), "chosen images");
    }

    /// <summary>At most this many identity and style files each: a 16 x 16 swap grid is already 1,100 pixels wide.</summary>
    public const int MaxSwapImages = 16;

    /// <summary>The swap grid of image files: each identity file's person drawn in each style file's pose, light and background.</summary>
    public void SaveSwaps(string path, IReadOnlyList<string> identityFiles, IReadOnlyList<string> styleFiles)
    {
        if (Family is not IHasCodeParts)
            throw new AaeException($"{Run.Path}: 'swap' needs a run whose code has an identity part and a style part (identity-aae), not a {Config.Family.Name} run");
        foreach (var (files, option) in new[] { (identityFiles, "--identity"), (styleFiles, "--style") })
            if (files.Count > MaxSwapImages) throw new AaeException($"{option} takes at most {MaxSwapImages} images (got {files.Count})");
        using var scope = NewDisposeScope();
        using var who = LoadLikeTraining(identityFiles);
        using var how = LoadLikeTraining(styleFiles);
        SwapFigure.Save(path, Family, who.FloatImages(arange(who.Count, dtype: ScalarType.Int64)), Encoding.Encode(Family, who),
            how.FloatImages(arange(how.Count, dtype: ScalarType.Int64)), Encoding.Encode(Family, how), "rows give who (--identity), columns how (--style)");
    }

    /// <summary>A bound on a walk's length: 500 frames each way already make a GIF of about a thousand frames.</summary>
    public const int MaxFramesPerDirection = 500;

    public static void CheckFrames(int framesPerDirection)
    {
        if (framesPerDirection is < 2 or > MaxFramesPerDirection)
            throw new AaeException($"--frames must be from 2 to {MaxFramesPerDirection} (got {framesPerDirection})");
    }

    /// <summary>
    /// A GIF of latent walks there and back. Without files: 16 training images, each to its nearest
    /// distinct neighbour. With files: consecutive pairs walk to each other; a lone last file walks to its
    /// nearest training neighbour.
    /// </summary>
    public void SaveWalks(string path, IReadOnlyList<string>? files, int framesPerDirection, long seed)
    {
        CheckFrames(framesPerDirection);
        RefuseClassConditioned("interpolate");
        using var scope = NewDisposeScope();
        var trainCodes = Encoding.Encode(Family, train);
        if (files is null || files.Count == 0)
        {
            var chosen = randperm(train.Count, generator: new Generator((ulong)seed))[..Math.Min(16, train.Count)];
            FaceFigureSet.SaveNeighbourWalks(path, Family, trainCodes.index_select(0, chosen), trainCodes, framesPerDirection);
            return;
        }
        using var images = LoadLikeTraining(files);
        var codes = Encoding.Encode(Family, images);
        var walks = new List<Tensor>();
        for (int i = 0; i + 1 < files.Count; i += 2)
            walks.Add(LatentWalk.ThereAndBack(codes[i], codes[i + 1], framesPerDirection));
        if (files.Count % 2 == 1)
        {
            var last = codes[^1..];
            var neighbour = NearestNeighbours.Distinct(last, trainCodes)[0];
            walks.Add(LatentWalk.ThereAndBack(codes[^1], trainCodes[neighbour], framesPerDirection));
        }
        FaceFigureSet.SaveWalkGrid(path, Family, walks);
    }

    /// <summary>A class-conditioned decoder needs each image's class, which image files do not carry.</summary>
    void RefuseClassConditioned(string command)
    {
        if (Family.DecoderClasses() > 0)
            throw new AaeException($"{Run.Path}: '{command}' needs decodes from codes alone, but this {Config.Family.Name} run's decoder also takes the class (see figures/styles.png)");
    }

    ImageDataset LoadLikeTraining(IReadOnlyList<string> files) => Deskew.IfAsked(ImageFiles.LoadAs(files, train.Channels, train.Height, Config.Data.Crop), Config.Data);
}
