using Aae.Config;
using Aae.Data;
using Aae.Families;
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

    /// <param name="untrainedSeed">
    /// When given, the run's networks with the initial weights this seed draws, no checkpoint loaded:
    /// the control that tells what training added.
    /// </param>
    /// <param name="epoch">When given, the weights kept after that epoch (checkpoints/epoch-N.ckpt, see --keep-checkpoints).</param>
    public static TrainedModel Load(string runPath, long? untrainedSeed = null, int? epoch = null)
    {
        var run = RunFolder.Open(runPath);
        var (info, family) = Rebuild(run, untrainedSeed);
        if (untrainedSeed is not null)
        {
            family.Networks.eval();
            return new TrainedModel(run, info, family);
        }
        try
        {
            if (epoch is { } kept)
                LoadKept(run, family, kept);
            // The final weights, else the latest epoch's (a damaged file falls back to the other).
            else if (Checkpoint.LoadFirstReadable([run.FinalCheckpointPath, run.LatestCheckpointPath], family.Networks) is null)
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

    static void LoadKept(RunFolder run, ModelFamily family, int epoch)
    {
        var path = run.EpochCheckpointPath(epoch);
        if (!File.Exists(path))
        {
            var kept = Directory.Exists(run.CheckpointsPath)
                ? Directory.GetFiles(run.CheckpointsPath, "epoch-*.ckpt").Select(Path.GetFileNameWithoutExtension).Order().ToList()
                : [];
            throw new AaeException($"{path}: no weights kept after epoch {epoch} (kept: {(kept.Count == 0 ? "none; train with --keep-checkpoints" : string.Join(", ", kept))})");
        }
        Checkpoint.Load(path, family.Networks);
    }

    /// <summary>
    /// A run folder's settings (completed and checked) and the run's networks with fresh weights from
    /// its seed, or from <paramref name="seed"/> when given. Changes nothing process-wide: the entry
    /// point (the CLI, a test fixture) sets threads and kernels (<see cref="ProcessSettings"/>).
    /// </summary>
    internal static (RunInfo Info, ModelFamily Family) Rebuild(RunFolder run, long? seed = null)
    {
        var stored = run.LoadInfo();
        ConfigKeys.ValidateStored(stored.Config, run.ConfigPath);
        var info = Complete(stored, run);
        var config = info.Config;
        if (seed is { } other) config = config with { Training = config.Training with { Seed = other } };
        return (info, ModelFamilies.Build(config, info.ImageShape!, info.ClassCount!.Value));
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
        // The networks are built from these: a value no dataset gives would fail deep in a command.
        if (shape is not [1 or 3, >= 1 and <= 4096, >= 1 and <= 4096])
            throw new AaeException($"{run.ConfigPath}: image_shape must be [channels 1 or 3, height, width] with sides from 1 to 4096 (got [{string.Join(", ", shape)}])");
        if (config.Networks.Architecture == "conv64" && shape is not [3, 64, 64])
            throw new AaeException($"{run.ConfigPath}: image_shape must be [3, 64, 64] for the conv64 networks (got [{string.Join(", ", shape)}])");
        int classes = info.ClassCount ?? (digits ? 10 : 0);
        if (classes is < 0 or > 100_000) throw new AaeException($"{run.ConfigPath}: class_count must be from 0 to 100000 (got {classes})");
        return info with { ImageShape = shape, ClassCount = classes };
    }

    /// <summary>Decodes <paramref name="count"/> prior draws into an image grid (a supervised decoder draws class 0, 1, ... in turn).</summary>
    public void SaveSamples(string path, int count, long seed)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        SamplesFigure.Save(path, Family, count, new Generator((ulong)seed));
    }

    public void Dispose() => Family.Dispose();
}
