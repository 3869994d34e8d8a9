using Aae.Config;
using Aae.Data;
using Aae.Evaluation;
using Aae.Families;
using Aae.Priors;
using Aae.Visualization;
using static TorchSharp.torch;

namespace Aae.Runs;

/// <summary>
/// A run's trained model from its folder alone, no dataset needed: what sampling, the transfer study
/// and any other use of a finished model start from. Loads final.ckpt, else latest.ckpt.
/// </summary>
public sealed class TrainedModel : IDisposable
{
    TrainedModel(RunFolder run, RunInfo info, ModelFamily family)
    {
        Run = run;
        Info = info;
        Family = family;
    }

    public RunFolder Run { get; }
    public RunInfo Info { get; }
    public ModelFamily Family { get; }
    public RunConfig Config => Info.Config;

    /// <summary>True for the networks' initial weights (see <see cref="Load"/>'s untrainedSeed).</summary>
    public bool Untrained { get; private init; }

    /// <param name="untrainedSeed">
    /// When given, the run's networks with the initial weights this seed draws, no checkpoint loaded:
    /// the control that tells what training added.
    /// </param>
    public static TrainedModel Load(string runPath, int? threads = null, long? untrainedSeed = null)
    {
        var run = RunFolder.Open(runPath);
        var info = Complete(run.LoadInfo(), run);
        info.Config.Validate();
        ProcessSettings.Apply(threads ?? info.Config.Training.Threads, info.Config.Networks.NeedsExactConvolutions);
        var config = untrainedSeed is { } seed ? info.Config with { Training = info.Config.Training with { Seed = seed } } : info.Config;
        var family = ModelFamilies.Build(config, info.ImageShape!, info.ClassCount!.Value);
        if (untrainedSeed is not null)
        {
            family.Networks.eval();
            return new TrainedModel(run, info, family) { Untrained = true };
        }
        try
        {
            // The final weights, else the latest epoch's (a damaged file falls back to the other).
            if (Checkpoint.LoadFirstReadable([run.FinalCheckpointPath, run.LatestCheckpointPath], family.Networks) is null)
                throw new AaeException($"{run.CheckpointsPath}: no checkpoint yet (no epoch finished): continue with 'aae resume {runPath}'");
        }
        catch
        {
            family.Dispose();
            throw;
        }
        family.Networks.eval();
        return new TrainedModel(run, info, family);
    }

    /// <summary>
    /// Fills in what runs of earlier versions did not record: the image shape and the class count
    /// follow from the dataset (MNIST-like: 1x28x28 and ten digits; faces: 3x64x64).
    /// </summary>
    public static RunInfo Complete(RunInfo info, RunFolder run)
    {
        var config = info.Config;
        bool digits = MnistLike.Names.Contains(config.Data.Dataset);
        var shape = info.ImageShape
            ?? (config.Networks.Architecture == "conv64" ? [3, 64, 64] : digits ? [1, 28, 28]
                : throw new AaeException($"{run.ConfigPath}: no image_shape recorded"));
        return info with { ImageShape = shape, ClassCount = info.ClassCount ?? (digits ? 10 : 0) };
    }

    /// <summary>Decodes <paramref name="count"/> prior draws into an image grid (a supervised decoder draws class 0, 1, ... in turn).</summary>
    public void SaveSamples(string path, int count, long seed)
    {
        using var scope = NewDisposeScope();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var codes = Family.Prior.SampleAnyComponent(count, new Generator((ulong)seed));
        int columns = Family.DecoderClasses > 0 ? Family.DecoderClasses : (int)Math.Ceiling(Math.Sqrt(count));
        using var grid = ImageGrid.Render(Encoding.DecodeDraws(Family, codes), columns, scale: 2);
        Png.Save(grid, path);
    }

    public void Dispose() => Family.Dispose();
}
