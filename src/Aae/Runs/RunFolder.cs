using System.Globalization;
using Aae.Training;

namespace Aae.Runs;

/// <summary>
/// A run's folder: config.json, history.csv, metrics.json, checkpoints/, figures/ and tensorboard/. Every command
/// after training works from this folder alone.
/// </summary>
public sealed class RunFolder
{
    public RunFolder(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }
    public string ConfigPath => Combine("config.json");
    public string HistoryPath => Combine("history.csv");
    public string MetricsPath => Combine("metrics.json");
    public string CheckpointsPath => Combine("checkpoints");
    public string LatestCheckpointPath => Combine("checkpoints", "latest.ckpt");
    public string FinalCheckpointPath => Combine("checkpoints", "final.ckpt");
    public string EpochCheckpointPath(int epoch) => Combine("checkpoints", $"epoch-{epoch}.ckpt");
    public string FiguresPath => Combine("figures");
    public string Figure(string name) => Combine("figures", name);
    public string LogPath => Combine("run.log");
    public string LockPath => Combine(RunLock.FileName);
    /// <summary>TensorBoard's view of the run, rebuilt from history.csv and metrics.json (see <see cref="TensorBoardScalars"/>).</summary>
    public string TensorBoardPath => Combine("tensorboard");
    public string TensorBoardEventsPath => Combine("tensorboard", TensorBoardScalars.FileName);
    /// <summary>A semi-supervised run's labelled training images (indices and labels).</summary>
    public string LabelledPath => Combine("labelled.json");

    /// <summary>Appends lines to run.log (skipped inputs and other notes a user may want to look up later).</summary>
    public void AppendLog(IEnumerable<string> lines)
    {
        var text = string.Concat(lines.Select(line => $"{DateTime.UtcNow:O} {line}\n"));
        if (text.Length > 0) File.AppendAllText(LogPath, text);
    }

    string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>
    /// Makes a new run folder and holds its lock. Only a missing or empty folder may become a run,
    /// so nothing of the user's is overwritten; of two processes creating the same run, the one
    /// that takes the lock first wins and the other is told so.
    /// </summary>
    public static (RunFolder Run, RunLock Lock) Create(string path, RunInfo info)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new AaeException("--out: the run folder's path is empty");
        var run = new RunFolder(path);
        if (File.Exists(run.Path)) throw new AaeException($"{run.Path}: is a file, not a folder (choose another --out)");
        try
        {
            Directory.CreateDirectory(run.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AaeException($"{run.Path}: cannot create the run folder ({e.Message})");
        }
        var lockPath = run.LockPath;
        bool lockFileExisted = File.Exists(lockPath);
        var hold = RunLock.Acquire(run.Path);
        try
        {
            if (File.Exists(run.ConfigPath))
                throw new AaeException($"{run.Path}: already holds a run (use 'aae resume {path}' or choose another --out)");
            var contents = Directory.EnumerateFileSystemEntries(run.Path)
                .Select(System.IO.Path.GetFileName).Where(name => name != RunLock.FileName).Take(3).ToList();
            if (contents.Count > 0)
                throw new AaeException($"{run.Path}: not empty and not a run (holds {string.Join(", ", contents)}...): choose a new or empty --out");
            Directory.CreateDirectory(run.CheckpointsPath);
            Directory.CreateDirectory(run.FiguresPath);
            run.SaveInfo(info);
            return (run, hold);
        }
        catch
        {
            hold.Dispose();
            // Leave a refused folder as it was found.
            if (!lockFileExisted && !File.Exists(run.ConfigPath)) File.Delete(lockPath);
            throw;
        }
    }

    /// <summary>Opens an existing run folder, checking that it is one.</summary>
    public static RunFolder Open(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new AaeException("the run folder's path is empty");
        var run = new RunFolder(path);
        if (!Directory.Exists(run.Path)) throw new AaeException($"{run.Path}: no such run folder");
        if (!File.Exists(run.ConfigPath)) throw new AaeException($"{run.Path}: not a run folder (no config.json)");
        return run;
    }

    /// <summary>Takes the folder's lock for writing and removes what killed writes left behind.</summary>
    public RunLock Lock()
    {
        var hold = RunLock.Acquire(Path);
        AtomicFile.RemoveLeftovers(Path);
        return hold;
    }

    /// <summary>Whether the final checkpoint and the metrics (written last, after the figures) are there.</summary>
    public bool IsComplete => File.Exists(FinalCheckpointPath) && File.Exists(MetricsPath);

    public RunInfo LoadInfo() => RunInfo.Read(ConfigPath);

    public void SaveInfo(RunInfo info) => AtomicFile.WriteAllText(ConfigPath, Json.Serialize(info));

    /// <summary>history.csv: a header "epoch,&lt;the family's loss names&gt;,seconds", then one row per epoch.</summary>
    public IReadOnlyList<EpochRecord> LoadHistory()
    {
        if (!File.Exists(HistoryPath)) return [];
        var lines = File.ReadAllLines(HistoryPath);
        var header = lines.Length > 0 ? lines[0].Split(',') : [];
        if (header.Length < 2 || header[0] != "epoch" || header[^1] != "seconds")
            throw new AaeException($"{HistoryPath}: the header is not 'epoch,<losses>,seconds'");
        var names = header[1..^1];
        var records = new List<EpochRecord>();
        foreach (var (line, number) in lines.Select((l, i) => (l, i + 1)).Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var cells = line.Split(',');
            var values = new double[cells.Length];
            if (cells.Length != header.Length || !int.TryParse(cells[0], CultureInfo.InvariantCulture, out var epoch)
                || !cells.Skip(1).Select((c, i) => double.TryParse(c, CultureInfo.InvariantCulture, out values[i])).All(ok => ok))
                throw new AaeException($"{HistoryPath}: line {number} is malformed");
            records.Add(new EpochRecord(epoch, names, values[..names.Length], values[names.Length]));
        }
        return records;
    }

    public void SaveHistory(IReadOnlyList<EpochRecord> history, IReadOnlyList<string> names)
    {
        var header = string.Join(",", ["epoch", .. names, "seconds"]);
        var lines = history.Select(r => string.Join(",",
            [r.Epoch.ToString(CultureInfo.InvariantCulture), .. r.Losses.Select(F), F(r.Seconds)]));
        AtomicFile.WriteAllText(HistoryPath, string.Join("\n", [header, .. lines]) + "\n");
    }

    static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
