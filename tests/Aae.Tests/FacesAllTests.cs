using System.Text.Json;
using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>lfw-faces-all: every image of each person, held out by person, measured on people it never saw.</summary>
public sealed class FacesAllTests
{
    [Fact]
    public void HeldOutPeopleAreNewAndTheirVerificationIsMeasured()
    {
        var people = TestData.PeopleWithSeveralImages(30, 3);
        var run = Path.Combine(TestData.NewFolder("aae-faces-all"), "run");
        var result = RunAae("run", "lfw-faces-all", "--dataset", "folder:" + people, "--data-dir", TestData.SharedDatasets, "--out", run,
            "--features", "8", "--epochs", "2", "--batch-size", "16", "--held-out", "0.3", "--latent-size", "32", "--threads", "2");
        Assert.True(result.Code == 0, result.Error);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        var names = metrics.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        // No held-out person was trained on: no retrieval of known people, only verification of new ones.
        Assert.DoesNotContain("retrieval_chance", names);
        Assert.InRange(metrics.RootElement.GetProperty("verification_auc_codes").GetDouble(), 0, 1);
        Assert.InRange(metrics.RootElement.GetProperty("verification_auc_pixels").GetDouble(), 0, 1);
        Assert.Contains("fd_samples", names);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json")));
        var data = config.RootElement.GetProperty("config").GetProperty("data");
        Assert.Equal("class", data.GetProperty("held_out_by").GetString());
        Assert.Equal(80, data.GetProperty("crop").GetInt32());
    }
}
