using System.Security.Cryptography;
using Aae.Runs;
using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>
/// Outputs never destroy inputs: every command's --out aimed at every file of a trained run leaves
/// the run byte for byte as it was (--force or not); an existing file elsewhere is replaced only when
/// it is the command's own earlier output or --force is given.
/// </summary>
public sealed class OutputSafetyTests
{
    static readonly Lazy<(string Run, string Weights)> trained = new(() =>
    {
        var folder = TestData.NewFolder("aae-output-safety");
        var run = Path.Combine(folder, "run");
        var (code, _, error) = RunAae(QuickRun("mnist-gaussian", run, 500, "--epochs", "1"));
        Assert.True(code == 0, error);
        var weights = Path.Combine(folder, "weights.safetensors");
        Assert.Equal(0, RunAae("export", run, "--out", weights).Code);
        return (run, weights);
    });

    static Dictionary<string, string> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(file => Path.GetRelativePath(folder, file), file => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))));

    [Fact]
    public void EveryCommandAimedAtEveryFileOfARunLeavesTheRunAsItWas()
    {
        var (run, weights) = trained.Value;
        var before = Snapshot(run);
        Assert.Contains("config.json", before.Keys);
        Assert.Contains(Path.Combine("checkpoints", "final.ckpt"), before.Keys);
        var image = Path.Combine(run, "figures", "latent.png");
        string[] data = ["--data-dir", TestData.MnistSlice];
        var refusals = 0;
        var ledger = Path.Combine(run, OutputFiles.LedgerName);
        var ledgerBefore = File.ReadAllBytes(ledger);
        foreach (var file in before.Keys.Select(name => Path.Combine(run, name)).Append(run))
        {
            string[][] commands =
            [
                ["sample", run, "--count", "4", "--out", file],
                ["export", run, "--out", file],
                ["export", run, "--format", "pt", "--out", file],
                ["export", run, "--format", "onnx", "--out", file],
                ["reconstruct", run, "--images", image, "--out", file, .. data],
                ["interpolate", run, "--frames", "2", "--out", file, .. data],
                ["report", run, "--out", file, .. data],
                ["compare", run, run, "--out", file],
                ["import", weights, "--preset", "mnist-gaussian", "--no-download", "--out", file, .. data],
                ["run", "mnist-gaussian", "--epochs", "1", "--limit", "100", "--no-download", "--out", file, .. data],
            ];
            // --force may replace a figure or the report (plot and report redraw them), never the run's record.
            var relative = Path.GetRelativePath(run, file);
            bool record = relative is "config.json" or "history.csv" or "metrics.json" or "run.log" or "run.lock"
                || relative.StartsWith("checkpoints" + Path.DirectorySeparatorChar) || relative.StartsWith("tensorboard" + Path.DirectorySeparatorChar);
            foreach (var command in commands)
            foreach (var forced in new[] { false, true })
            {
                if (forced && (!record || command[0] is "import" or "run")) continue;
                string[] args = forced ? [.. command, "--force"] : command;
                var (code, _, error) = RunAae(args);
                // Aimed at a folder of the run, compare and an ONNX export add files beside the run's: allowed, checked below.
                if (code == 0 && Directory.Exists(file)) continue;
                Assert.True(code == 1, $"{string.Join(' ', args)}: exit {code} {error}");
                AssertOneLineError(error);
                refusals++;
            }
            // A new file beside the run's is listed in its outputs.tsv: that list grows, nothing else changes.
            if (Directory.Exists(file)) File.WriteAllBytes(ledger, ledgerBefore);
            var now = Snapshot(run);
            foreach (var (name, hash) in before)
                Assert.True(now.TryGetValue(name, out var after) && after == hash, $"{name} changed after the commands aimed at {file}");
            foreach (var added in now.Keys.Except(before.Keys).ToList())
            {
                Assert.True(Directory.Exists(file), $"{added} appeared in the run after the commands aimed at {file}");
                File.Delete(Path.Combine(run, added));
            }
        }
        Assert.True(refusals >= 10 * before.Count, $"only {refusals} refusals for {before.Count} files");
        // The run still opens and works.
        Assert.Equal(0, RunAae("sample", run, "--count", "4").Code);
    }

    [Fact]
    public void AnEarlierOutputIsReplacedAUsersFileOnlyWithForce()
    {
        var (run, _) = trained.Value;
        var folder = TestData.NewFolder("aae-output-owner");
        var png = Path.Combine(folder, "samples.png");
        Assert.Equal(0, RunAae("sample", run, "--count", "4", "--out", png).Code);
        var (code, _, error) = RunAae("sample", run, "--count", "9", "--seed", "2", "--out", png);
        Assert.True(code == 0, error);

        // The same file edited since, a user's file, another command's output: each needs --force.
        File.AppendAllText(png, "edited");
        var refused = RunAae("sample", run, "--count", "4", "--out", png);
        Assert.Equal(1, refused.Code);
        AssertOneLineError(refused.Error, png, "already exists and is not an earlier output of 'aae sample'", "--force");
        Assert.EndsWith("edited", File.ReadAllText(png));
        var weights = Path.Combine(folder, "notes.txt");
        File.WriteAllText(weights, "mine");
        Assert.Equal(1, RunAae("export", run, "--out", weights).Code);
        Assert.Equal("mine", File.ReadAllText(weights));
        Assert.False(File.Exists(weights + ".json"));
        Assert.Equal(0, RunAae("export", run, "--out", weights, "--force").Code);
        Assert.NotEqual("mine", File.ReadAllText(weights));
        Assert.Equal(0, RunAae("export", run, "--out", weights).Code);

        // compare's own pages are replaced; a user's compare.md is not.
        Assert.Equal(0, RunAae("compare", run, run, "--out", folder).Code);
        Assert.Equal(0, RunAae("compare", run, run, "--out", folder).Code);
        var mine = Path.Combine(TestData.NewFolder("aae-output-compare"), "compare.md");
        File.WriteAllText(mine, "# my notes\n");
        var compare = RunAae("compare", run, run, "--out", Path.GetDirectoryName(mine)!);
        Assert.Equal(1, compare.Code);
        AssertOneLineError(compare.Error, mine, "--force");
        Assert.Equal("# my notes\n", File.ReadAllText(mine));
    }
}
