using Aae.Families.Aae;
using Aae.Cli;
using Aae.Runs;
using SkiaSharp;

using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>The `aae` command as a user runs it, in process, on small slices of real MNIST.</summary>
public sealed class CliTests
{
    [Fact]
    public void RunLeavesACompleteRunFolder()
    {
        var runPath = Path.Combine(TestData.NewFolder("aae-cli"), "run");
        var (code, output, error) = RunAae(QuickRun("mnist-umbrella-labels", runPath, "--epochs", "2"));
        Assert.True(code == 0, error);
        Assert.Contains("epoch   2", output);

        var run = RunFolder.Open(runPath);
        var info = run.LoadInfo();
        Assert.Equal("mnist-umbrella-labels", info.Config.Preset);
        Assert.True(((AaeOptions)info.Config.Family).UseLabels);
        Assert.Equal(4, info.DatasetFiles.Count);
        Assert.Contains("torchsharp", info.Versions.Keys);
        Assert.Equal(2, run.LoadHistory().Count);
        Assert.True(File.Exists(run.LatestCheckpointPath));
        Assert.True(File.Exists(run.FinalCheckpointPath));

        var metrics = File.ReadAllText(run.MetricsPath);
        foreach (var key in new[] { "test_mse", "knn_accuracy", "mode_accuracy", "train_seconds" }) Assert.Contains($"\"{key}\"", metrics);

        foreach (var name in new[] { "latent.png", "manifold.png", "reconstructions.png", "styles.png", "losses.png", "discriminator.png" })
        {
            using var bitmap = SKBitmap.Decode(run.Figure(name));
            Assert.True(bitmap is not null, $"{name} does not decode");
            Assert.True(bitmap.Width > 200 && bitmap.Height > 200, $"{name} is {bitmap.Width}x{bitmap.Height}");
            var colours = new HashSet<SKColor>();
            for (int y = 0; y < bitmap.Height; y += 7)
            for (int x = 0; x < bitmap.Width; x += 7)
                colours.Add(bitmap.GetPixel(x, y));
            Assert.True(colours.Count > 10, $"{name} looks blank ({colours.Count} colours)");
        }
        Assert.Empty(Directory.GetFiles(runPath, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void ResumedRunMatchesAnUninterruptedOne()
    {
        var root = TestData.NewFolder("aae-cli");
        var straight = Path.Combine(root, "straight");
        var resumed = Path.Combine(root, "resumed");
        Assert.Equal(0, RunAae(QuickRun("mnist-gaussian", straight, "--epochs", "2")).Code);
        Assert.Equal(0, RunAae(QuickRun("mnist-gaussian", resumed, "--epochs", "1")).Code);
        var (code, output, error) = RunAae("resume", resumed, "--epochs", "2");
        Assert.True(code == 0, error);
        Assert.Contains("after epoch 1 of 2", output);

        var expected = RunFolder.Open(straight).LoadHistory();
        var actual = RunFolder.Open(resumed).LoadHistory();
        Assert.Equal(2, actual.Count);
        Assert.Equal(expected[1].Losses, actual[1].Losses);
        Assert.Equal(2, RunFolder.Open(resumed).LoadInfo().Config.Training.Epochs);
    }

    [Fact]
    public void EvaluateAndPlotRebuildFromTheRunFolder()
    {
        var runPath = Path.Combine(TestData.NewFolder("aae-cli"), "run");
        Assert.Equal(0, RunAae(QuickRun("mnist-umbrella", runPath, "--epochs", "1")).Code);
        var run = RunFolder.Open(runPath);
        var metricsBefore = File.ReadAllText(run.MetricsPath);
        File.Delete(run.MetricsPath);
        Directory.Delete(run.FiguresPath, recursive: true);

        var (evaluateCode, _, evaluateError) = RunAae("evaluate", runPath, "--data-dir", TestData.MnistSlice);
        Assert.True(evaluateCode == 0, evaluateError);
        Assert.Equal(metricsBefore, File.ReadAllText(run.MetricsPath));

        var (plotCode, plotOutput, plotError) = RunAae("plot", runPath);
        Assert.True(plotCode == 0, plotError);
        Assert.Contains("styles.png", plotOutput);
        Assert.True(File.Exists(run.Figure("latent.png")));
    }

    [Fact]
    public void UnknownPresetOptionAndBadValuesAreOneLineErrors()
    {
        var outDir = Path.Combine(TestData.NewFolder("aae-cli"), "run");
        var unknownPreset = RunAae("run", "mnist-nope", "--data-dir", TestData.MnistSlice, "--out", outDir);
        Assert.Equal(AaeCommandLine.UserError, unknownPreset.Code);
        AssertOneLineError(unknownPreset.Error, "mnist-nope", "mnist-gaussian");

        var unknownOption = RunAae("run", "mnist-gaussian", "--frobnicate", "3");
        Assert.Equal(AaeCommandLine.UsageError, unknownOption.Code);
        AssertOneLineError(unknownOption.Error, "--frobnicate");

        var notANumber = RunAae("run", "mnist-gaussian", "--epochs", "many");
        Assert.Equal(AaeCommandLine.UsageError, notANumber.Code);
        AssertOneLineError(notANumber.Error, "many");

        var zeroEpochs = RunAae(QuickRun("mnist-gaussian", outDir, "--epochs", "0"));
        Assert.Equal(AaeCommandLine.UserError, zeroEpochs.Code);
        AssertOneLineError(zeroEpochs.Error, "--epochs");

        var badPrior = RunAae(QuickRun("mnist-gaussian", outDir, "--prior", "cube"));
        AssertOneLineError(badPrior.Error, "--prior", "cube");
        Assert.False(Directory.Exists(outDir), "a rejected run must not leave a folder");
    }

    [Fact]
    public void MissingDataAndCorruptFilesNameTheFile()
    {
        var empty = TestData.NewFolder("aae-cli");
        var missing = RunAae("run", "mnist-gaussian", "--data-dir", empty, "--no-download", "--out", Path.Combine(empty, "run"));
        Assert.Equal(AaeCommandLine.UserError, missing.Code);
        AssertOneLineError(missing.Error, Path.Combine(empty, "mnist"));

        var data = TestData.WriteMnistSlice(TestData.NewFolder("aae-cli"), 200, 100);
        var images = Path.Combine(data, "mnist", "t10k-images-idx3-ubyte");
        var bytes = File.ReadAllBytes(images);
        File.WriteAllBytes(images, bytes[..^100]);
        var corrupt = RunAae("run", "mnist-gaussian", "--data-dir", data, "--no-download", "--out", Path.Combine(data, "run"));
        Assert.Equal(AaeCommandLine.UserError, corrupt.Code);
        AssertOneLineError(corrupt.Error, images, "header says");
    }

    [Fact]
    public void UnwritableOutputAndExistingRunsAreRefusedWithoutDamage()
    {
        var root = TestData.NewFolder("aae-cli");
        var blocker = Path.Combine(root, "a-file");
        File.WriteAllText(blocker, "not a folder");
        var unwritable = RunAae(QuickRun("mnist-gaussian", Path.Combine(blocker, "run"), "--epochs", "1"));
        Assert.Equal(AaeCommandLine.UserError, unwritable.Code);
        AssertOneLineError(unwritable.Error, blocker);
        Assert.Equal("not a folder", File.ReadAllText(blocker));

        var runPath = Path.Combine(root, "run");
        Assert.Equal(0, RunAae(QuickRun("mnist-gaussian", runPath, "--epochs", "1")).Code);
        var config = File.ReadAllText(Path.Combine(runPath, "config.json"));
        var checkpoint = File.ReadAllBytes(Path.Combine(runPath, "checkpoints", "final.ckpt"));
        var again = RunAae(QuickRun("mnist-umbrella", runPath, "--epochs", "1"));
        Assert.Equal(AaeCommandLine.UserError, again.Code);
        AssertOneLineError(again.Error, "already holds a run");
        Assert.Equal(config, File.ReadAllText(Path.Combine(runPath, "config.json")));
        Assert.Equal(checkpoint, File.ReadAllBytes(Path.Combine(runPath, "checkpoints", "final.ckpt")));
    }

    [Fact]
    public void ResumeOfSomethingThatIsNotARunIsRefused()
    {
        var folder = TestData.NewFolder("aae-cli");
        var notRun = RunAae("resume", folder);
        Assert.Equal(AaeCommandLine.UserError, notRun.Code);
        AssertOneLineError(notRun.Error, folder, "not a run folder");

        var missing = RunAae("plot", Path.Combine(folder, "nowhere"));
        AssertOneLineError(missing.Error, "nowhere");

        File.WriteAllText(Path.Combine(folder, "config.json"), "{ this is not json");
        var malformed = RunAae("evaluate", folder);
        Assert.Equal(AaeCommandLine.UserError, malformed.Code);
        AssertOneLineError(malformed.Error, "config.json", "malformed");
    }

    [Fact]
    public void CorruptCheckpointIsAOneLineError()
    {
        var runPath = Path.Combine(TestData.NewFolder("aae-cli"), "run");
        Assert.Equal(0, RunAae(QuickRun("mnist-gaussian", runPath, "--epochs", "1")).Code);
        // Both damaged (with an intact final.ckpt evaluate falls back to it: ReliabilityTests).
        var latest = Path.Combine(runPath, "checkpoints", "latest.ckpt");
        var bytes = File.ReadAllBytes(latest);
        File.WriteAllBytes(latest, bytes[..(bytes.Length / 3)]);
        File.WriteAllBytes(Path.Combine(runPath, "checkpoints", "final.ckpt"), bytes[..(bytes.Length / 2)]);
        var result = RunAae("evaluate", runPath, "--data-dir", TestData.MnistSlice);
        Assert.Equal(AaeCommandLine.UserError, result.Code);
        AssertOneLineError(result.Error, latest);
    }

    [Fact]
    public void HelpListsPresetsAndOptions()
    {
        var root = RunAae("--help");
        Assert.Equal(0, root.Code);
        Assert.Contains("mnist-umbrella-labels", root.Output);
        var run = RunAae("run", "--help");
        Assert.Contains("--labelled", run.Output);
        Assert.Contains("--mixture-radius", run.Output);
    }
}
