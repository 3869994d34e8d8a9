using Aae.Config;
using Aae.Data;
using Aae.Families;
using Aae.Runs;

namespace Aae.Export;

/// <summary>
/// Makes a run folder from weights trained elsewhere (PyTorch's enc, dec and disc, or an Aae
/// export): the configuration's networks with those weights as final.ckpt and latest.ckpt, counted
/// as trained for the configuration's epochs, and no history. evaluate, plot, report, sample,
/// interpolate and transfer then work on it as on a run trained here; resume writes its metrics and
/// figures (or trains on, with fresh optimiser states, given more --epochs).
/// </summary>
public static class WeightsImport
{
    /// <param name="weightsPath">A safetensors or torch.save file, tensors named as <see cref="TorchNames"/> says.</param>
    /// <param name="config">The run's settings: a preset's, with options that match the networks' sizes.</param>
    /// <param name="dataDirectory">Where the configuration's dataset is: the run records its files, image shape and classes.</param>
    /// <returns>The new run folder.</returns>
    public static RunFolder Import(string weightsPath, RunConfig config, string runPath, string dataDirectory)
    {
        (weightsPath, var fullRunPath) = CheckPaths(weightsPath, runPath);
        config.Validate();
        using var data = Datasets.Load(config.Data, config.Training.Seed, dataDirectory);
        ValidationSplit.Check(data.Train.Count, config.Data.ValidationCount);
        long[] shape = [data.Train.Channels, data.Train.Height, data.Train.Width];
        using var family = ModelFamilies.Build(config, shape, data.Train.ClassNames.Count);
        var tensors = WeightsFormat.Read(weightsPath, MostBytesOf(family));
        try
        {
            TorchStateDict.LoadInto(family.Networks, tensors, weightsPath, config.Preset);
            var info = new RunInfo(config, data.Files, RunInfo.CurrentVersions(), DateTime.UtcNow)
            {
                ImageShape = shape,
                ClassCount = data.Train.ClassNames.Count,
            };
            return Save(family, info, fullRunPath, [$"imported weights from {weightsPath}", .. data.Notes]);
        }
        finally
        {
            foreach (var (_, tensor) in tensors) tensor.Dispose();
        }
    }

    /// <summary>
    /// The most a file of the family's weights can take: every tensor in 64-bit values, and a
    /// megabyte for what a state_dict keeps beside them. A file declaring more is refused unread.
    /// </summary>
    static long MostBytesOf(ModelFamily family) => 8 * family.Networks.state_dict().Values.Sum(t => t.numel()) + (1L << 20);

    /// <summary>
    /// Refuses a missing weights file, and any --out that exists: stricter than a new run (which may
    /// fill an empty folder), an import never writes into anything already there. Returns both full paths.
    /// </summary>
    public static (string Weights, string Run) CheckPaths(string weightsPath, string runPath)
    {
        if (string.IsNullOrWhiteSpace(runPath)) throw new AaeException("--out: the run folder's path is empty");
        weightsPath = Path.GetFullPath(weightsPath);
        runPath = Path.GetFullPath(runPath);
        InputFile.CheckExists(weightsPath, "weights file");
        if (Directory.Exists(runPath) || File.Exists(runPath))
            throw new AaeException($"{runPath}: already exists (an import makes a new run folder: choose another --out)");
        return (weightsPath, runPath);
    }

    /// <summary>Creates the run folder with the family's weights; a failure part-way removes the folder it made.</summary>
    static RunFolder Save(ModelFamily family, RunInfo info, string runPath, IEnumerable<string> log)
    {
        var (run, hold) = RunFolder.Create(runPath, info);
        using (hold)
        {
            try
            {
                run.AppendLog(log);
                int epochs = info.Config.Training.Epochs;
                Checkpoint.Save(run.LatestCheckpointPath, epochs, family.Networks, family.Optimizers);
                Checkpoint.Save(run.FinalCheckpointPath, epochs, family.Networks, family.Optimizers);
                return run;
            }
            catch
            {
                hold.Dispose();
                Directory.Delete(run.Path, recursive: true);
                throw;
            }
        }
    }
}
