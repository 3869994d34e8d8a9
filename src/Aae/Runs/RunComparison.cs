using Aae.Evaluation;
using Aae.Training;

namespace Aae.Runs;

/// <summary>One run as a comparison sees it: what its folder holds, read without taking its lock (it may still be training).</summary>
public sealed record ComparedRun(
    string Name,
    string Path,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<EpochRecord> History,
    Metrics? Metrics,
    int Epochs)
{
    /// <summary>One cell: how far the run got, and whether it has metrics.</summary>
    public string Status => Metrics is null
        ? $"no metrics: interrupted or still training ({History.Count} of {Epochs} epochs)"
        : $"evaluated after {Metrics["epochs"] ?? History.Count} epochs";

    /// <summary>The run's value of a history.csv column per epoch ("seconds" included), or null when the run has no such column.</summary>
    public (double[] Epochs, double[] Values)? Curve(string column)
    {
        if (History.Count == 0) return null;
        if (column == RunComparison.SecondsColumn)
            return (History.Select(r => (double)r.Epoch).ToArray(), History.Select(r => r.Seconds).ToArray());
        if (!History[0].Names.Contains(column)) return null;
        return (History.Select(r => (double)r.Epoch).ToArray(), History.Select(r => r.Loss(column)!.Value).ToArray());
    }
}

/// <summary>
/// Runs side by side: their metrics (every key any run has), the settings in which they differ, and
/// their history.csv columns for overlaid curves. A run without metrics.json is kept and says so.
/// </summary>
public sealed class RunComparison
{
    public const string SecondsColumn = "seconds";

    RunComparison(IReadOnlyList<ComparedRun> runs)
    {
        Runs = runs;
        MetricKeys = runs.Where(r => r.Metrics is not null).SelectMany(r => r.Metrics!.Values.Select(v => v.Key)).Distinct().ToList();
        var keys = runs.SelectMany(r => r.Settings.Keys).Distinct();
        DifferingSettings = keys.Where(key => runs.Select(r => r.Settings.GetValueOrDefault(key)).Distinct().Count() > 1).ToList();
        Columns = [.. runs.SelectMany(r => r.History.Count > 0 ? r.History[0].Names : []).Distinct(), SecondsColumn];
    }

    public IReadOnlyList<ComparedRun> Runs { get; }

    /// <summary>Every metrics.json key of any run, in the order the runs list them.</summary>
    public IReadOnlyList<string> MetricKeys { get; }

    /// <summary>The dotted config keys (training.epochs) whose values are not the same in every run.</summary>
    public IReadOnlyList<string> DifferingSettings { get; }

    /// <summary>Every history.csv column of any run (losses, validation_error, seconds): one curve figure each.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Reads each run folder; a path that is not one is an error naming it.</summary>
    public static RunComparison Of(IReadOnlyList<string> paths)
    {
        var folders = paths.Select(RunFolder.Open).ToList();
        var names = folders.Select(f => System.IO.Path.GetFileName(f.Path)).ToList();
        // Two folders of the same name (runs/a/run, runs/b/run) are told apart by their paths as given.
        if (names.Distinct().Count() < names.Count) names = [.. paths];
        return new RunComparison(folders.Select((folder, i) => Read(folder, names[i])).ToList());
    }

    static ComparedRun Read(RunFolder folder, string name)
    {
        var config = folder.LoadInfo().Config;
        var metrics = File.Exists(folder.MetricsPath) ? Metrics.Read(folder.MetricsPath) : null;
        return new ComparedRun(name, folder.Path, FlatSettings.Of(config), folder.LoadHistory(), metrics, config.Training.Epochs);
    }
}
