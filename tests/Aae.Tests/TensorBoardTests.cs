using Aae.Config;
using Aae.Evaluation;
using Aae.Runs;

using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>tensorboard/events.out.tfevents.0.aae, read back with the tests' own reader, agrees with history.csv and metrics.json.</summary>
public sealed class TensorBoardTests
{
    [Fact]
    public void ReaderChecksumIsCrc32C()
    {
        // The standard check value of CRC-32C.
        Assert.Equal(0xE3069283u, TensorBoardEventReader.Crc32C(System.Text.Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0u, TensorBoardEventReader.Crc32C([]));
    }

    [Fact]
    public void RunAndResumeWriteEveryEpochAndMetricOnce()
    {
        var runPath = Path.Combine(TestData.NewFolder("aae-tensorboard"), "run");
        var (code, _, error) = RunAae(QuickRun("mnist-gaussian", runPath, 1000, "--epochs", "1"));
        Assert.True(code == 0, error);
        AssertEventsAgreeWithRun(RunFolder.Open(runPath), epochs: 1);

        // Resumed for another epoch: the file is rebuilt, so epoch 1 is not recorded twice.
        (code, _, error) = RunAae("resume", runPath, "--epochs", "2");
        Assert.True(code == 0, error);
        AssertEventsAgreeWithRun(RunFolder.Open(runPath), epochs: 2);
    }

    [Fact]
    public void RebuildingFollowsTheHistoryAsSaved()
    {
        var path = Path.Combine(TestData.NewFolder("aae-tensorboard"), "run");
        var run = TestRunFolders.Write(path, Presets.Find("mnist-gaussian").Config, 3, [("test_mse", 0.0412345678), ("epochs", 3)]);
        TensorBoardScalars.Write(run);
        AssertEventsAgreeWithRun(run, epochs: 3);

        // As after a kill and resume: history cut back to 2 epochs; the metrics stay at the epoch they were computed after.
        run.SaveHistory(TestRunFolders.History(2, seed: 0), TestRunFolders.AaeLosses);
        TensorBoardScalars.Write(run);
        AssertEventsAgreeWithRun(run, epochs: 2);
        var events = TensorBoardEventReader.Read(run.TensorBoardEventsPath);
        Assert.Equal(3, Assert.Single(events, e => e.Tag == "metrics/test_mse").Step);
        Assert.DoesNotContain(events, e => e.Tag == "loss/reconstruction_loss" && e.Step == 3);

        // The reader does check: one flipped byte in the last record's data fails its checksum.
        var bytes = File.ReadAllBytes(run.TensorBoardEventsPath);
        bytes[^6] ^= 1;
        Assert.Throws<InvalidDataException>(() => TensorBoardEventReader.Records(bytes).ToList());
    }

    /// <summary>One event file, a version header, then exactly one scalar per history cell and per metric, equal to the files' values as float32.</summary>
    static void AssertEventsAgreeWithRun(RunFolder run, int epochs)
    {
        var files = Directory.GetFiles(run.TensorBoardPath);
        Assert.Equal([run.TensorBoardEventsPath], files);
        var events = TensorBoardEventReader.Read(run.TensorBoardEventsPath);
        Assert.StartsWith("brain.Event:", events[0].FileVersion);
        var scalars = events.Where(e => e.Tag is not null).ToList();
        Assert.All(scalars, e => Assert.NotNull(e.Value));
        Assert.Equal(scalars.Count, scalars.Select(e => (e.Tag, e.Step)).Distinct().Count());

        var history = run.LoadHistory();
        Assert.Equal(epochs, history.Count);
        int expected = 0;
        foreach (var record in history)
        {
            var cells = record.Names.Select((name, i) => (name, record.Losses[i])).Append(("seconds", record.Seconds));
            foreach (var (column, value) in cells)
            {
                var tag = TensorBoardScalars.HistoryTag(column);
                var found = Assert.Single(scalars, e => e.Tag == tag && e.Step == record.Epoch);
                Assert.Equal((float)value, (float)found.Value!.Value);
                expected++;
            }
        }
        Assert.Contains(scalars, e => e.Tag == "loss/reconstruction_loss");
        Assert.Contains(scalars, e => e.Tag == "time/epoch_seconds");

        if (File.Exists(run.MetricsPath))
        {
            var metrics = Metrics.Read(run.MetricsPath);
            foreach (var (key, value) in metrics.Values)
            {
                var found = Assert.Single(scalars, e => e.Tag == TensorBoardScalars.MetricTag(key));
                Assert.Equal((float)value, (float)found.Value!.Value);
                Assert.Equal((long)metrics["epochs"]!.Value, found.Step);
                expected++;
            }
        }
        Assert.Equal(expected, scalars.Count);
    }
}
