using System.Text.Json.Nodes;
using Aae.Runs;
using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>`aae run mnist-generative-study` on a slice: every family's run, one table, the 2-d scatters, a report; resumable.</summary>
public sealed class GenerativeStudyTests
{
    [Fact]
    public void TheStudyTrainsEveryFamilyTabulatesThemAndResumesWhatIsMissing()
    {
        var folder = Path.Combine(TestData.NewFolder("aae-generative-study"), "study");
        string[] study = ["run", "mnist-generative-study", "--data-dir", TestData.MnistSlice, "--out", folder, "--limit", "1500",
            "--validation", "300", "--epochs", "1", "--seeds", "1", "--latent-size", "2", "--threads", "2"];
        var first = RunAae(study);
        Assert.True(first.Code == 0, first.Error);

        var rows = Json.Read<JsonArray>(Path.Combine(folder, "results.json")).OfType<JsonObject>().ToList();
        Assert.Equal(["autoencoder", "aae", "vae", "wae", "supervised-aae"], rows.Select(r => r["model"]!.ToString()));
        foreach (var row in rows)
        {
            Assert.Equal(2, row["code_size"]!.GetValue<int>());
            foreach (var metric in new[] { "parzen_log_likelihood", "fd_samples", "fd_codes_gmm", "fd_reconstructions", "precision", "recall", "knn_accuracy" })
                Assert.True(double.IsFinite(row[metric]!["mean"]!.GetValue<double>()), $"{row["model"]} {metric}");
        }
        // The table's FD of the AAE's samples is its run's own number.
        var aaeRun = Json.Read<Dictionary<string, double>>(Path.Combine(folder, "runs", "aae-2d-s0", "metrics.json"));
        Assert.Equal(aaeRun["fd_samples"], rows[1]["fd_samples"]!["mean"]!.GetValue<double>(), 12);
        var notes = File.ReadAllText(Path.Combine(folder, "results.md"));
        Assert.Contains("| supervised-aae | 2-d | 1 |", notes);
        Assert.Contains("not the Inception FID", notes);
        foreach (var member in new[] { "autoencoder", "aae", "vae", "wae", "supervised-aae" })
            Assert.True(File.Exists(Path.Combine(folder, "figures", $"latent-{member}-2d.png")), member);
        Assert.Contains("latent-vae-2d.png", File.ReadAllText(Path.Combine(folder, "report.html")));

        // Started again: refused (resume it instead). Resumed with a run's metrics gone: only that run is finished.
        var again = RunAae(study);
        Assert.Equal(1, again.Code);
        AssertOneLineError(again.Error, "already holds a generative study", "aae resume");
        File.Delete(Path.Combine(folder, "runs", "wae-2d-s0", "metrics.json"));
        var resumed = RunAae("resume", folder);
        Assert.True(resumed.Code == 0, resumed.Error);
        Assert.Contains("finishing", resumed.Output);
        Assert.Contains("wae-2d-s0", resumed.Output);
        Assert.DoesNotContain("training ", resumed.Output);
        Assert.True(File.Exists(Path.Combine(folder, "runs", "wae-2d-s0", "metrics.json")));
    }
}
