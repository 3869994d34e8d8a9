namespace Aae.Runs;

/// <summary>
/// The promise of every --out: an output never replaces a run's record (config.json, history,
/// metrics, log, lock, checkpoints, event files), --force or not, since the run would no longer open;
/// nor any other existing file that is not the same command's own earlier output, unless --force.
/// A command's earlier outputs are those it listed in its source run's outputs.tsv (path, length
/// and time of the write, so a file changed since is no longer counted as the command's own).
/// </summary>
public static class OutputFiles
{
    public const string LedgerName = "outputs.tsv";


    /// <summary>
    /// Refuses <paramref name="path"/> as an output of `aae <paramref name="command"/>` unless it is new,
    /// the command's default output (<paramref name="isDefault"/>), its earlier output, or <paramref name="force"/>
    /// is given for a file that is not a run's record.
    /// </summary>
    public static void Check(string path, string command, RunFolder? source, bool force, bool isDefault = false)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new AaeException($"{full}: a folder, not a file (--out names the file to write)");
        if (RecordOf(full) is { } record)
            throw new AaeException($"{full}: the {record.Part} of the run {record.Run}: an output never replaces it, --force or not (choose another --out)");
        if (isDefault || force || !File.Exists(full) && !IsLink(full)) return;
        if (source is not null && IsEarlierOutput(source, command, full)) return;
        throw new AaeException($"{full}: already exists and is not an earlier output of 'aae {command}': give --force to replace it, or choose another --out");
    }

    /// <summary>Lists <paramref name="paths"/> as written by <paramref name="command"/>; a read-only run folder keeps no list.</summary>
    public static void Record(RunFolder source, string command, IEnumerable<string> paths)
    {
        var lines = paths.Select(Path.GetFullPath).Where(File.Exists)
            .Select(p => $"{command}\t{p}\t{new FileInfo(p).Length}\t{File.GetLastWriteTimeUtc(p).Ticks}\n");
        try
        {
            File.AppendAllText(Path.Combine(source.Path, LedgerName), string.Concat(lines));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only convenience is lost: rewriting these files later asks for --force.
        }
    }

    static bool IsEarlierOutput(RunFolder source, string command, string full)
    {
        var ledger = Path.Combine(source.Path, LedgerName);
        if (!File.Exists(ledger) || IsLink(full)) return false;
        var file = new FileInfo(full);
        string mine = $"{command}\t{full}\t{file.Length}\t{file.LastWriteTimeUtc.Ticks}";
        try
        {
            return File.ReadLines(ledger).Any(line => line == mine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The run folder that <paramref name="full"/> is part of the record of, and which part; null for any other path.</summary>
    static (string Run, string Part)? RecordOf(string full)
    {
        for (var folder = Path.GetDirectoryName(full); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            var run = new RunFolder(folder);
            if (!IsRunFolder(run)) continue;
            string[] files = [run.ConfigPath, run.HistoryPath, run.MetricsPath, run.LogPath, run.LabelledPath, run.LockPath, Path.Combine(run.Path, LedgerName)];
            if (files.Contains(full)) return (folder, Path.GetFileName(full));
            foreach (var recordFolder in new[] { run.CheckpointsPath, run.TensorBoardPath })
                if (full.StartsWith(recordFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    return (folder, $"{Path.GetFileName(recordFolder)}/ folder");
        }
        return null;
    }

    static bool IsRunFolder(RunFolder run) =>
        File.Exists(run.ConfigPath) && (File.Exists(run.LockPath) || Directory.Exists(run.CheckpointsPath));

    static bool IsLink(string full) => new FileInfo(full).LinkTarget is not null;
}
