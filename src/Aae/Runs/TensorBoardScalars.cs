using Aae.Evaluation;
using Aae.Training;

namespace Aae.Runs;

/// <summary>
/// A run's numbers as a TensorBoard event file (tensorboard/events.out.tfevents.0.aae), so
/// <c>tensorboard --logdir runs</c> shows every run's curves: each history.csv column per epoch and
/// each metrics.json value at the epoch it was computed after.
/// </summary>
/// <remarks>
/// The file is rebuilt whole from history.csv and metrics.json every time they are saved and moved
/// into place atomically, never appended to: a kill leaves the previous complete file, and a resumed
/// run, which retrains epochs a kill cut short, cannot record a step twice. (A TensorBoard already
/// reading the file sees the new version after a reload of TensorBoard, as with any replaced file.)
/// The events come from TorchSharp's SummaryWriter, which appends to a file of its own naming; it
/// writes into a private temporary folder, and its file is copied to the fixed name.
/// </remarks>
public static class TensorBoardScalars
{
    /// <summary>TensorBoard reads any file whose name contains "tfevents".</summary>
    public const string FileName = "events.out.tfevents.0.aae";

    /// <summary>The tag of a history.csv column: losses under loss/, the rest by kind.</summary>
    public static string HistoryTag(string column) => column switch
    {
        "seconds" => "time/epoch_seconds",
        _ when column.StartsWith("validation_", StringComparison.Ordinal) => "validation/" + column["validation_".Length..],
        _ when column.StartsWith("d_on_", StringComparison.Ordinal) => "discriminator/" + column,
        _ => "loss/" + column,
    };

    public static string MetricTag(string key) => "metrics/" + key;

    /// <summary>Rebuilds the run's event file from its history.csv and metrics.json (call while holding the run's lock).</summary>
    public static void Write(RunFolder run)
    {
        var history = run.LoadHistory();
        var metrics = ReadMetricsIfAny(run);
        // Wall times (whole Unix seconds, as SummaryWriter takes them) from the run's creation and its
        // epochs' durations, so a rebuilt file carries the same times as the one it replaces.
        double start = (run.LoadInfo().CreatedUtc - DateTime.UnixEpoch).TotalSeconds;
        var temporary = Directory.CreateTempSubdirectory("aae-tensorboard-");
        try
        {
            var writer = torch.utils.tensorboard.SummaryWriter(temporary.FullName);
            double elapsed = 0;
            foreach (var record in history)
            {
                elapsed += record.Seconds;
                foreach (var (tag, value) in Columns(record))
                    writer.add_scalar(tag, (float)value, record.Epoch, (long)(start + elapsed));
            }
            if (metrics is not null)
            {
                // A run evaluated, then resumed for more epochs, keeps the metrics of the epoch they describe.
                int step = (int)(metrics["epochs"] ?? (history.Count > 0 ? history[^1].Epoch : 0));
                foreach (var (key, value) in metrics.Values)
                    writer.add_scalar(MetricTag(key), (float)value, step, (long)(start + elapsed));
            }
            var events = File.ReadAllBytes(Directory.GetFiles(temporary.FullName, "*tfevents*").Single());
            Directory.CreateDirectory(run.TensorBoardPath);
            AtomicFile.Write(run.TensorBoardEventsPath, stream => stream.Write(events));
        }
        finally
        {
            temporary.Delete(recursive: true);
        }
    }

    static IEnumerable<(string Tag, double Value)> Columns(EpochRecord record) =>
        record.Names.Select((name, i) => (HistoryTag(name), record.Losses[i])).Append((HistoryTag("seconds"), record.Seconds));

    /// <summary>metrics.json when it is there and readable; an unreadable one is rewritten by the next evaluation, so it is left out.</summary>
    static Metrics? ReadMetricsIfAny(RunFolder run)
    {
        if (!File.Exists(run.MetricsPath)) return null;
        try
        {
            return Metrics.Read(run.MetricsPath);
        }
        catch (AaeException)
        {
            return null;
        }
    }
}
