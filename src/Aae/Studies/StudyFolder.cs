using Aae.Config;
using Aae.Experiments;
using Aae.Runs;

namespace Aae.Studies;

/// <summary>A study's folder: new, empty, or an earlier study's of the same kind, held by its lock while the study runs.</summary>
static class StudyFolder
{
    /// <summary>Creates the folder (or takes up an earlier study's) and holds its lock; <paramref name="optionsFile"/> records the options of a new study.</summary>
    /// <param name="what">The study as an error names it ("a transfer study").</param>
    public static RunLock Claim(string folder, string optionsFile, string optionsJson, string what)
    {
        folder = Path.GetFullPath(folder);
        if (File.Exists(folder)) throw new AaeException($"{folder}: is a file, not a folder (choose another --out)");
        bool earlier = File.Exists(Path.Combine(folder, optionsFile));
        if (!earlier && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new AaeException($"{folder}: not empty and not {what}: choose a new or empty --out");
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AaeException($"{folder}: cannot create the study folder ({e.Message})");
        }
        var hold = RunLock.Acquire(folder);
        if (!earlier) AtomicFile.WriteAllText(Path.Combine(folder, optionsFile), optionsJson);
        return hold;
    }

    /// <summary>Trains a run of a study into <paramref name="path"/>, or finishes one an earlier, interrupted study began; null when interrupted.</summary>
    /// <param name="what">The run as the log names it.</param>
    /// <param name="train">Trains, evaluates and plots the run it is given; false when interrupted.</param>
    public static string? TrainRun(string path, string dataDirectory, RunConfig config, string what, Func<Experiment, bool> train, Action<string> log)
    {
        if (File.Exists(Path.Combine(path, "config.json")))
        {
            using var earlier = Experiment.Open(path, dataDirectory, fromScratchIfNoCheckpoint: true);
            if (earlier.IsComplete) return path;
            log($"finishing {what} in {earlier.Run.Path} (after epoch {earlier.EpochsDone})");
            return train(earlier) ? path : null;
        }
        log($"training {what} into {Path.GetFullPath(path)}");
        using var experiment = Experiment.Start(config, path, dataDirectory);
        return train(experiment) ? path : null;
    }
}
