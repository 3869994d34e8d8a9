using System.Globalization;
using Aae.Training;

namespace Aae.Runs;

/// <summary>
/// A run's folder: config.json, history.csv, metrics.json, checkpoints/ and figures/. Every command
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
    public string FiguresPath => Combine("figures");
    public string Figure(string name) => Combine("figures", name);
    public string LogPath => Combine("run.log");

    /// <summary>Appends lines to run.log (skipped inputs and other notes a user may want to look up later).</summary>
    public void AppendLog(IEnumerable<string> lines)
    {
        var text = string.Concat(lines.Select(line => $"{DateTime.UtcNow:O} {line}\n"));
        if (text.Length > 0) File.AppendAllText(LogPath, text);
    }

    string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Creates a new run folder; refuses one that already holds a run, so nothing is overwritten.</summary>
    public static RunFolder Create(string path, RunInfo info)
    {
        var run = new RunFolder(path);
        if (File.Exists(run.ConfigPath))
            throw new AaeException($"{run.Path}: already holds a run (use 'aae resume {path}' or choose another --out)");
        try
        {
            Directory.CreateDirectory(run.CheckpointsPath);
            Directory.CreateDirectory(run.FiguresPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AaeException($"{run.Path}: cannot create the run folder ({e.Message})");
        }
        run.SaveInfo(info);
        return run;
    }

    /// <summary>Opens an existing run folder, checking that it is one.</summary>
    public static RunFolder Open(string path)
    {
        var run = new RunFolder(path);
        if (!Directory.Exists(run.Path)) throw new AaeException($"{run.Path}: no such run folder");
        if (!File.Exists(run.ConfigPath)) throw new AaeException($"{run.Path}: not a run folder (no config.json)");
        return run;
    }

    public RunInfo LoadInfo()
    {
        var info = Json.Read<RunInfo>(ConfigPath);
        if (info.Config is null) throw new AaeException($"{ConfigPath}: has no \"config\" section");
        return info;
    }

    public void SaveInfo(RunInfo info) => AtomicFile.WriteAllText(ConfigPath, Json.Serialize(info));

    const string HistoryHeader =
        "epoch,reconstruction_loss,discriminator_loss,generator_loss,d_on_prior,d_on_codes,seconds";

    public IReadOnlyList<EpochRecord> LoadHistory()
    {
        if (!File.Exists(HistoryPath)) return [];
        var lines = File.ReadAllLines(HistoryPath);
        var records = new List<EpochRecord>();
        foreach (var (line, number) in lines.Select((l, i) => (l, i + 1)).Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var cells = line.Split(',');
            if (cells.Length != 7 || !int.TryParse(cells[0], CultureInfo.InvariantCulture, out var epoch))
                throw new AaeException($"{HistoryPath}: line {number} is malformed");
            double Cell(int i) => double.Parse(cells[i], CultureInfo.InvariantCulture);
            records.Add(new EpochRecord(epoch, Cell(1), Cell(2), Cell(3), Cell(4), Cell(5), Cell(6)));
        }
        return records;
    }

    public void SaveHistory(IEnumerable<EpochRecord> history)
    {
        var lines = history.Select(r => string.Join(",",
            r.Epoch.ToString(CultureInfo.InvariantCulture),
            F(r.ReconstructionLoss), F(r.DiscriminatorLoss), F(r.GeneratorLoss),
            F(r.DiscriminatorOnPrior), F(r.DiscriminatorOnCodes), F(r.Seconds)));
        AtomicFile.WriteAllText(HistoryPath, string.Join("\n", [HistoryHeader, .. lines]) + "\n");
    }

    static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
