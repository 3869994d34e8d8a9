using System.Diagnostics;
using System.Text.Json.Nodes;
using Aae.Config;
using Aae.Export;
using Aae.Families;
using Aae.Runs;
using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>
/// Settings and paths from elsewhere: a config.json edited out of range, options that would ask for
/// terabytes, weights given through a pipe or a FIFO. Each ends in exit 0 or in one line naming the
/// file (and for config.json the key), never in an internal error or a hang.
/// </summary>
public sealed class UntrustedInputsTests
{
    static readonly RunConfig Small = new() { Networks = new() { EncoderHidden = [8], DecoderHidden = [8], DiscriminatorHidden = [4] } };

    /// <summary>A run folder with config.json and weights, trained for nothing: enough for sample.</summary>
    static string WeightedRun()
    {
        var path = Path.Combine(TestData.NewFolder("aae-untrusted-config"), "run");
        var run = TestRunFolders.Write(path, Small with { Training = Small.Training with { Epochs = 1 } }, 1, [("test_mse", 0.1)]);
        using var family = ModelFamilies.Build(Small, [1, 28, 28], 10);
        Checkpoint.Save(run.LatestCheckpointPath, 1, family.Networks, family.Optimizers);
        Checkpoint.Save(run.FinalCheckpointPath, 1, family.Networks, family.Optimizers);
        return path;
    }

    static void Edit(string run, Action<JsonObject> change)
    {
        var configPath = Path.Combine(run, "config.json");
        var node = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        change(node);
        File.WriteAllText(configPath, node.ToJsonString());
    }

    [Fact]
    public void ConfigJsonValuesOutOfRangeNameTheFileAndTheKey()
    {
        var run = WeightedRun();
        var configPath = Path.Combine(run, "config.json");
        var original = File.ReadAllText(configPath);
        var sample = Path.Combine(Path.GetDirectoryName(run)!, "samples.png");
        var fine = RunAae("sample", run, "--out", sample);
        Assert.True(fine.Code == 0, fine.Error);

        (string Key, Action<JsonObject> Change, string Expected)[] cases =
        [
            ("latent_size", n => n["config"]!["prior"]!["latent_size"] = 1_000_000_000, "prior.latent_size must be from 1 to 65536 (got 1000000000)"),
            ("encoder_hidden", n => n["config"]!["networks"]!["encoder_hidden"] = new JsonArray(2_000_000_000, 64), "networks.encoder_hidden sizes must be from 1 to 65536"),
            ("image_shape", n => n["image_shape"] = new JsonArray(1, -28, 28), "image_shape must be [channels 1 or 3, height, width] with sides from 1 to 4096 (got [1, -28, 28])"),
            ("image_shape", n => n["image_shape"] = new JsonArray(784), "(got [784])"),
            ("class_count", n => n["class_count"] = -3, "class_count must be from 0 to 100000"),
            ("dataset", n => n["config"]!["data"]!["dataset"] = "folder:", "data.dataset needs a name or folder:PATH"),
        ];
        foreach (var (key, change, expected) in cases)
        {
            File.WriteAllText(configPath, original);
            Edit(run, change);
            foreach (var command in new[] { "sample", "export", "evaluate" })
            {
                string[] output = command == "evaluate" ? [] : ["--out", Path.Combine(Path.GetDirectoryName(run)!, $"{command}-{key}.out")];
                var (code, _, error) = RunAae([command, run, .. output]);
                Assert.True(code == 1, $"{command} with {key}: exit {code}, {error}");
                Assert.True(error.Contains(expected), error);
                AssertOneLineError(error, $"{configPath}: ", expected);
            }
        }
        File.WriteAllText(configPath, original);
        Assert.Equal(0, RunAae("sample", run, "--out", sample + ".again.png").Code);
    }

    [Theory]
    [InlineData("--latent-size", "1000000000", "--latent-size must be from 1 to 65536 (got 1000000000)")]
    [InlineData("--encoder-hidden", "2000000000,64", "--encoder-hidden sizes must be from 1 to 65536 (got 2000000000,64)")]
    [InlineData("--decoder-hidden", "60000,60000", "weights, more than the 268435456 Aae builds")]
    [InlineData("--features", "100000", "--features must be from 1 to 1024")]
    [InlineData("--dataset", "folder:", "--dataset needs a name or folder:PATH (got 'folder:')")]
    public void OptionsThatWouldAskForTerabytesAreRefused(string option, string value, string expected)
    {
        var folder = TestData.NewFolder("aae-untrusted-options");
        var (code, _, error) = RunAae("run", "mnist-gaussian", option, value, "--data-dir", TestData.MnistSlice, "--no-download",
            "--out", Path.Combine(folder, "run"));
        Assert.Equal(1, code);
        AssertOneLineError(error, expected);
        Assert.False(Directory.Exists(Path.Combine(folder, "run")));
    }

    [Fact]
    public void WeightsComeThroughAPipeAndAFifoIsRefusedNotWaitedOn()
    {
        var folder = TestData.NewFolder("aae-untrusted-pipes");
        var config = Presets.Find("mnist-gaussian").Config;
        using var family = ModelFamilies.Build(config, [1, 28, 28], 10);
        var weights = Path.Combine(folder, "w.safetensors");
        SafetensorsFile.Write(weights, TorchStateDict.Of(family.Networks));
        string[] import = ["--preset", "mnist-gaussian", "--data-dir", TestData.MnistSlice, "--no-download", "--out"];

        // bash's process substitution: /dev/fd/63, a pipe with one reading.
        var run = Path.Combine(folder, "piped");
        var cli = Path.Combine(AppContext.BaseDirectory, "Aae.Cli.dll");
        var piped = Shell($"exec dotnet '{cli}' import <(cat '{weights}') {string.Join(' ', import)} '{run}'");
        Assert.True(piped.Code == 0, piped.Error);
        using (var model = TrainedModel.Load(run))
            Assert.True(model.Family.Networks.state_dict()["encoder.layers.linear0.weight"].allclose(
                family.Networks.state_dict()["encoder.layers.linear0.weight"], rtol: 0, atol: 0));

        // A named pipe that nobody writes to: refused at once (it used to block in open()).
        var fifo = Path.Combine(folder, "w.fifo");
        Assert.Equal(0, Process.Start("mkfifo", [fifo]).WaitForExitAndCode());
        var refused = Shell($"exec dotnet '{cli}' import '{fifo}' {string.Join(' ', import)} '{Path.Combine(folder, "fifo-run")}'");
        Assert.Equal(1, refused.Code);
        AssertOneLineError(refused.Error, $"{fifo}: empty, or not a regular file (a named pipe or a device)");
        var folderGiven = RunAae(["import", folder, .. import, Path.Combine(folder, "folder-run")]);
        AssertOneLineError(folderGiven.Error, $"{folder}: a folder, not a weights file");
    }

    /// <summary>bash -c <paramref name="script"/>, stopped after a minute: a hang is a failure, not a stuck suite.</summary>
    static (int Code, string Output, string Error) Shell(string script)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        return Finish(process, TimeSpan.FromMinutes(1), script);
    }
}

static class ProcessExtensions
{
    public static int WaitForExitAndCode(this Process process)
    {
        process.WaitForExit();
        return process.ExitCode;
    }
}
