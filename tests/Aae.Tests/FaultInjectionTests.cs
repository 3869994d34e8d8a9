using Aae.Evaluation;
using Aae.Runs;

using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>
/// Kills a real `aae run` (SIGKILL, as kill -9) at every write that commits part of a run, before
/// and after each rename, then resumes it: the history and metrics must equal an uninterrupted run's.
/// </summary>
public sealed class FaultInjectionTests
{
    static string[] Run(string outDir) =>
        ["run", "mnist-gaussian", "--data-dir", TestData.MnistSlice, "--out", outDir, "--no-download", "--limit", "600",
            "--epochs", "3", "--batch-size", "100", "--threads", "2", "--keep-checkpoints", "2"];

    /// <summary>file:stage#n: the n-th write of that file, killed with its temporary copy written, or just after its rename.</summary>
    public static TheoryData<string> Points => new()
    {
        "config.json:renamed#1",    // the folder exists, no epoch yet
        "history.csv:written#1",    // during the first epoch's commit: no checkpoint yet
        "history.csv:renamed#2",    // history holds epoch 2, the checkpoint epoch 1
        "epoch-2.ckpt:written#1",   // the kept weights of epoch 2 half written
        "epoch-2.ckpt:renamed#1",   // kept, but latest.ckpt still holds epoch 1
        "latest.ckpt:written#2",
        "latest.ckpt:renamed#2",
        "latest.ckpt:renamed#3",    // trained, no final checkpoint
        "final.ckpt:renamed#1",     // no figures or metrics yet
        "metrics.json:written#1",   // figures drawn, metrics not committed
        "metrics.json:renamed#1",   // complete
    };

    static readonly Lazy<(IReadOnlyList<IReadOnlyList<double>> Losses, Metrics Metrics, byte[] Kept)> uninterrupted = new(() =>
    {
        var outDir = Path.Combine(TestData.NewFolder("aae-fault"), "straight");
        // Every run of this test in a process of its own, as the killed one: in the test host, tests
        // running beside it share libtorch's thread pool and MKL, and the history once differed
        // from the killed child's in the 8th digit.
        var (code, _, error) = RunAaeProcess(null, Run(outDir));
        Assert.True(code == 0, error);
        var run = RunFolder.Open(outDir);
        return (run.LoadHistory().Select(r => r.Losses).ToList(), Metrics.Read(run.MetricsPath), File.ReadAllBytes(run.EpochCheckpointPath(2)));
    });

    [Theory]
    [MemberData(nameof(Points))]
    public void ResumeAfterAKillAtAnyWriteRepeatsTheUninterruptedRun(string point)
    {
        var outDir = Path.Combine(TestData.NewFolder("aae-fault"), "killed");
        var killed = RunAaeProcess(new Dictionary<string, string> { [FaultInjection.Variable] = point }, Run(outDir));
        Assert.True(killed.Code == 137, $"expected a SIGKILL at {point}, got exit code {killed.Code}: {killed.Error}");

        var (code, output, error) = RunAaeProcess(null, "resume", outDir, "--data-dir", TestData.MnistSlice);
        Assert.True(code == 0, $"resume after a kill at {point}: {error}");
        var (losses, metrics, kept) = uninterrupted.Value;
        var run = RunFolder.Open(outDir);
        Assert.Equal(losses, run.LoadHistory().Select(r => r.Losses).ToList());
        var resumed = Metrics.Read(run.MetricsPath);
        foreach (var (name, value) in metrics.Values.Where(m => m.Key is not ("train_seconds" or "images_per_second")))
            Assert.Equal(value, resumed[name]);
        Assert.True(File.Exists(run.FinalCheckpointPath));
        Assert.Equal(kept, File.ReadAllBytes(run.EpochCheckpointPath(2)));
        Assert.True(File.Exists(run.Figure("latent.png")), output);
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp", SearchOption.AllDirectories));
    }
}
