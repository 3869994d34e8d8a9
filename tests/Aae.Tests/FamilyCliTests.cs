using System.Text.Json.Nodes;
using Aae.Cli;
using Aae.Evaluation;
using Aae.Runs;
using SkiaSharp;

using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>The model families through the `aae` command: every family runs, configs repeat, old runs still work.</summary>
public sealed class FamilyCliTests
{
    static void AssertFigures(string runPath, params string[] names)
    {
        foreach (var name in names)
        {
            using var bitmap = SKBitmap.Decode(Path.Combine(runPath, "figures", name));
            Assert.True(bitmap is { Width: > 100, Height: > 100 }, $"{name} does not decode");
        }
    }

    [Fact]
    public void EachFamilyWritesItsOwnLossesMetricsAndFigures()
    {
        var root = TestData.NewFolder("aae-families");
        var supervised = Path.Combine(root, "supervised");
        var (code, output, error) = RunAae(QuickRun("mnist-supervised", supervised, "--epochs", "2"));
        Assert.True(code == 0, error);
        Assert.StartsWith("epoch,reconstruction_loss,discriminator_loss,generator_loss,d_on_prior,d_on_codes,seconds",
            File.ReadAllText(Path.Combine(supervised, "history.csv")));
        AssertFigures(supervised, "styles.png", "code_norms.png", "reconstructions.png", "samples.png", "losses.png", "discriminator.png");
        Assert.False(File.Exists(Path.Combine(supervised, "figures", "manifold.png")), "a class-conditioned decoder has no code-only manifold");
        Assert.False(File.Exists(Path.Combine(supervised, "figures", "latent.png")), "a 3-d style code has no 2-D scatter");
        var metrics = Metrics.Read(Path.Combine(supervised, "metrics.json"));
        Assert.NotNull(metrics["test_mse"]);
        Assert.NotNull(metrics["knn_accuracy"]);

        var wae = Path.Combine(root, "wae");
        (code, output, error) = RunAae(QuickRun("mnist-wae", wae, "--epochs", "2"));
        Assert.True(code == 0, error);
        Assert.Contains("mmd", output);
        Assert.StartsWith("epoch,reconstruction_loss,mmd,seconds", File.ReadAllText(Path.Combine(wae, "history.csv")));
        AssertFigures(wae, "samples.png", "reconstructions.png", "losses.png", "code_norms.png");
        Assert.False(File.Exists(Path.Combine(wae, "figures", "discriminator.png")), "WAE has no discriminator");

        // Commands that cannot apply say so in one line.
        var walk = RunAae("interpolate", supervised, "--data-dir", TestData.MnistSlice);
        Assert.Equal(AaeCommandLine.UserError, walk.Code);
        Assert.Contains("also takes the class", walk.Error);
    }

    [Fact]
    public void ARunsConfigRepeatsTheRunAndOptionsVaryIt()
    {
        var root = TestData.NewFolder("aae-config");
        var first = Path.Combine(root, "first");
        Assert.Equal(0, RunAae(QuickRun("mnist-gaussian", first, "--epochs", "1", "--seed", "4")).Code);
        var again = Path.Combine(root, "again");
        var (code, _, error) = RunAae("run", "--config", Path.Combine(first, "config.json"), "--data-dir", TestData.MnistSlice,
            "--out", again, "--no-download");
        Assert.True(code == 0, error);
        Assert.Equal(RunFolder.Open(first).LoadHistory()[0].Losses, RunFolder.Open(again).LoadHistory()[0].Losses);

        var longer = Path.Combine(root, "longer");
        Assert.Equal(0, RunAae("run", "--config", Path.Combine(first, "config.json"), "--data-dir", TestData.MnistSlice,
            "--out", longer, "--no-download", "--epochs", "2").Code);
        var info = RunFolder.Open(longer).LoadInfo();
        Assert.Equal(2, info.Config.Training.Epochs);
        Assert.Equal(4, info.Config.Training.Seed);
        Assert.Equal(2000, info.Config.Data.Limit);
    }

    [Fact]
    public void HelpShowsThePresetsOwnDefaults()
    {
        var faces = RunAae("run", "lfw-faces", "--help");
        Assert.Equal(0, faces.Code);
        Assert.Contains("(lfw-faces: 400)", faces.Output);
        Assert.Contains("(lfw-faces: conv64)", faces.Output);
        var wae = RunAae("run", "mnist-wae", "--help");
        Assert.Contains("(mnist-wae: 0.5)", wae.Output);  // Adam's β1
        Assert.Contains("(mnist-wae: wae)", wae.Output);
    }

    [Fact]
    public void ASetupThatCannotWorkIsRefusedBeforeAnyFolderIsMade()
    {
        var outDir = Path.Combine(TestData.NewFolder("aae-config"), "run");
        var conv = RunAae(QuickRun("mnist-gaussian", outDir, "--architecture", "conv64"));
        Assert.Equal(AaeCommandLine.UserError, conv.Code);
        Assert.Contains("3x64x64", conv.Error);
        Assert.False(Directory.Exists(outDir), "a rejected setup must not leave a folder");

        var family = RunAae(QuickRun("mnist-gaussian", outDir, "--family", "gan"));
        Assert.Contains("unknown model family 'gan'", family.Error);
        var labels = RunAae(QuickRun("mnist-wae", outDir, "--prior", "umbrella", "--latent-size", "2", "--labels"));
        Assert.Contains("--labels", labels.Error);
        Assert.False(Directory.Exists(outDir));
    }

    /// <summary>A copy of a run written by Aae before families existed (flat config.json, the AAE's checkpoint layout).</summary>
    static string OldRun(string? datasetFolder = null)
    {
        var copy = Path.Combine(TestData.NewFolder("aae-old"), "run");
        var fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "old-format-run");
        foreach (var file in Directory.GetFiles(fixture, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(fixture, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        if (datasetFolder is not null)
        {
            // Point its recorded dataset files elsewhere, as on another machine.
            var config = JsonNode.Parse(File.ReadAllText(Path.Combine(copy, "config.json")))!;
            foreach (var file in config["dataset_files"]!.AsArray())
                file!["path"] = Path.Combine(datasetFolder, Path.GetFileName(file["path"]!.GetValue<string>()));
            File.WriteAllText(Path.Combine(copy, "config.json"), config.ToJsonString());
        }
        return copy;
    }

    [Fact]
    public void RunsWrittenBeforeFamiliesStillEvaluatePlotAndSample()
    {
        var run = OldRun();
        var (code, output, error) = RunAae("evaluate", run, "--data-dir", TestData.MnistSlice);
        Assert.True(code == 0, error);
        Assert.Contains("mode_accuracy", output);
        Assert.Equal(0, RunAae("plot", run, "--data-dir", TestData.MnistSlice).Code);
        AssertFigures(run, "latent.png", "styles.png", "losses.png", "discriminator.png");
        Assert.Equal(2, RunFolder.Open(run).LoadHistory().Count);

        // sample needs the weights only: it works where the recorded data is gone.
        var moved = OldRun(datasetFolder: "/nonexistent/mnist");
        var sample = RunAae("sample", moved, "--count", "16");
        Assert.True(sample.Code == 0, sample.Error);
        AssertFigures(moved, "samples-1.png");

        // It also resumes: the optimiser states of the old checkpoint load.
        var resumed = RunAae("resume", run, "--data-dir", TestData.MnistSlice, "--epochs", "3");
        Assert.True(resumed.Code == 0, resumed.Error);
        Assert.Equal(3, RunFolder.Open(run).LoadHistory().Count);
    }
}
