using System.Text.Json.Nodes;
using Aae.Cli;
using Aae.Data;
using Aae.Runs;

using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>Run folders under odd inputs, races and faults: nothing of the user's overwritten, no stuck run, one line per problem.</summary>
public sealed class ReliabilityTests
{
    [Fact]
    public void AFolderThatIsNotARunIsNeverWrittenInto()
    {
        var folder = Path.Combine(TestData.NewFolder("aae-rel"), "mine");
        var files = new Dictionary<string, string>
        {
            ["metrics.json"] = "{\"mine\": 1}",
            ["figures/latent.png"] = "my own figure",
            ["checkpoints/latest.ckpt"] = "my own checkpoint",
        };
        foreach (var (name, text) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, name))!);
            File.WriteAllText(Path.Combine(folder, name), text);
        }
        var (code, _, error) = RunAae(QuickRun("mnist-gaussian", folder, limit: 600, "--epochs", "1"));
        Assert.Equal(AaeCommandLine.UserError, code);
        AssertOneLineError(error, folder, "not empty and not a run");
        foreach (var (name, text) in files) Assert.Equal(text, File.ReadAllText(Path.Combine(folder, name)));
        Assert.Equal(files.Count, Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length);

        // An empty folder may become a run.
        var empty = Directory.CreateDirectory(Path.Combine(TestData.NewFolder("aae-rel"), "empty")).FullName;
        Assert.Equal(0, RunAae(QuickRun("mnist-gaussian", empty, limit: 600, "--epochs", "1")).Code);
    }

    [Fact]
    public async Task OfTwoProcessesStartingOneRunExactlyOneWins()
    {
        var folder = Path.Combine(TestData.NewFolder("aae-rel"), "contested");
        using var first = StartAaeProcess(null, QuickRun("mnist-gaussian", folder, limit: 600, "--epochs", "2", "--seed", "1"));
        using var second = StartAaeProcess(null, QuickRun("mnist-gaussian", folder, limit: 600, "--epochs", "2", "--seed", "2"));
        var errors = new[] { first.StandardError.ReadToEndAsync(), second.StandardError.ReadToEndAsync() };
        await Task.WhenAll(first.StandardOutput.ReadToEndAsync(), second.StandardOutput.ReadToEndAsync());
        await Task.WhenAll(first.WaitForExitAsync(), second.WaitForExitAsync());
        var codes = new[] { first.ExitCode, second.ExitCode };
        Assert.Equal(1, codes.Count(c => c == 0));
        int loser = codes[0] == 0 ? 1 : 0;
        Assert.Equal(AaeCommandLine.UserError, codes[loser]);
        Assert.Matches("in use by another aae process|already holds a run", await errors[loser]);
        // Everything in the folder is the winner's: its seed, its two epochs.
        var run = RunFolder.Open(folder);
        Assert.Equal(loser == 0 ? 2 : 1, run.LoadInfo().Config.Training.Seed);
        Assert.Equal(2, run.LoadHistory().Count);
        Assert.True(File.Exists(run.MetricsPath));
    }

    [Fact]
    public void AFolderInUseIsRefusedAndFreedWhenItsHolderEnds()
    {
        var folder = Path.Combine(TestData.NewFolder("aae-rel"), "run");
        Assert.Equal(0, RunAae(QuickRun("mnist-gaussian", folder, limit: 600, "--epochs", "1")).Code);
        using (RunFolder.Open(folder).Lock())
        {
            var (code, _, error) = RunAae("evaluate", folder, "--data-dir", TestData.MnistSlice);
            Assert.Equal(AaeCommandLine.UserError, code);
            AssertOneLineError(error, "in use by another aae process");
        }
        Assert.Equal(0, RunAae("evaluate", folder, "--data-dir", TestData.MnistSlice).Code);
    }

    [Fact]
    public void DatasetFilesReachedThroughSymbolicLinksAreRead()
    {
        var linked = TestData.NewFolder("aae-rel");
        Directory.CreateDirectory(Path.Combine(linked, "mnist"));
        foreach (var file in Directory.GetFiles(Path.Combine(TestData.MnistSlice, "mnist")))
            File.CreateSymbolicLink(Path.Combine(linked, "mnist", Path.GetFileName(file)), file);
        var (code, _, error) = RunAae(["run", "mnist-gaussian", "--data-dir", linked, "--out", Path.Combine(linked, "run"),
            "--no-download", "--limit", "600", "--epochs", "1"]);
        Assert.True(code == 0, error);
    }

    [Fact]
    public void AFolderLinkedIntoItselfIsListedOnce()
    {
        var root = TestData.NewFolder("aae-rel");
        var faces = TestData.LfwSlice(3);
        foreach (var file in Directory.GetFiles(faces, "*.jpg", SearchOption.AllDirectories)) File.Copy(file, Path.Combine(root, Path.GetFileName(file)));
        Directory.CreateSymbolicLink(Path.Combine(root, "loop"), root);
        Directory.CreateDirectory(Path.Combine(root, "sub"));
        Directory.CreateSymbolicLink(Path.Combine(root, "sub", "back"), root);
        var files = ImageFiles.Expand([root]);
        Assert.Equal(3, files.Count);
    }

    [Theory]
    [InlineData("--limit", "3", "--limit")]
    [InlineData("--out", "", "--out")]
    [InlineData("--threads", "4096", "--threads 4096")]
    public void InputsThatWouldFailAfterTrainingAreRefusedBeforeIt(string option, string value, string named)
    {
        var outDir = Path.Combine(TestData.NewFolder("aae-rel"), "run");
        string[] args = ["run", "mnist-gaussian", "--data-dir", TestData.MnistSlice, "--out", outDir, "--no-download", "--epochs", "1"];
        int at = Array.IndexOf(args, option);
        if (at >= 0) args[at + 1] = value;
        else args = [.. args, option, value];
        var (code, output, error) = RunAae(args);
        Assert.NotEqual(0, code);
        AssertOneLineError(error, named);
        Assert.DoesNotContain("epoch", output);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void EmptyAndOverflowingIdxFilesAreOneLineErrors()
    {
        var data = TestData.NewFolder("aae-rel");
        TestData.WriteMnistSlice(data, 100, 50);
        var images = Path.Combine(data, "mnist", "train-images-idx3-ubyte");
        TestData.WriteIdx(images, Idx.ImagesMagic, [0, 28, 28], []);
        var empty = RunAae(["run", "mnist-gaussian", "--data-dir", data, "--out", Path.Combine(data, "a"), "--no-download"]);
        AssertOneLineError(empty.Error, images, "no items");
        TestData.WriteIdx(images, Idx.ImagesMagic, [int.MaxValue, int.MaxValue, int.MaxValue], new byte[64]);
        var huge = RunAae(["run", "mnist-gaussian", "--data-dir", data, "--out", Path.Combine(data, "b"), "--no-download"]);
        AssertOneLineError(huge.Error, images, "the file is only");
        Assert.False(Directory.Exists(Path.Combine(data, "a")) || Directory.Exists(Path.Combine(data, "b")));
    }

    [Fact]
    public void DigitsOfAnotherSizeTrainWithTheMlpNetworks()
    {
        var data = TestData.NewFolder("aae-rel");
        TestData.WriteMnistSlice(data, 300, 100);
        foreach (var (prefix, count) in new[] { ("train", 300), ("t10k", 100) })
        {
            var path = Path.Combine(data, "mnist", $"{prefix}-images-idx3-ubyte");
            var pixels = Idx.Read(path, Idx.ImagesMagic).Data;
            // Crop each 28x28 digit to its central 20x20.
            var cropped = new byte[count * 400];
            for (int n = 0; n < count; n++)
                for (int y = 0; y < 20; y++)
                    Array.Copy(pixels, n * 784 + (y + 4) * 28 + 4, cropped, n * 400 + y * 20, 20);
            TestData.WriteIdx(path, Idx.ImagesMagic, [count, 20, 20], cropped);
        }
        var run = Path.Combine(data, "run");
        var (code, _, error) = RunAae(["run", "mnist-supervised", "--data-dir", data, "--out", run, "--no-download", "--epochs", "1"]);
        Assert.True(code == 0, error);
        Assert.Equal(0, RunAae("sample", run).Code);
    }

    [Fact]
    public void ADamagedLatestCheckpointFallsBackToTheFinalOne()
    {
        var folder = Path.Combine(TestData.NewFolder("aae-rel"), "run");
        Assert.Equal(0, RunAae(QuickRun("mnist-gaussian", folder, limit: 600, "--epochs", "1")).Code);
        var latest = Path.Combine(folder, "checkpoints", "latest.ckpt");
        var final = Path.Combine(folder, "checkpoints", "final.ckpt");
        var intact = File.ReadAllBytes(latest);
        File.WriteAllBytes(latest, intact[..1000]);
        foreach (var command in new[] { "evaluate", "plot" })
        {
            var (code, _, error) = RunAae(command, folder, "--data-dir", TestData.MnistSlice);
            Assert.True(code == 0, $"{command}: {error}");
        }
        Assert.Equal(0, RunAae("sample", folder).Code);

        // And the other way round: sample prefers final.ckpt, and falls back to an intact latest.ckpt.
        File.WriteAllBytes(latest, intact);
        File.WriteAllBytes(final, intact[..1000]);
        var sample = RunAae("sample", folder);
        Assert.True(sample.Code == 0, sample.Error);
    }

    [Fact]
    public void SmallerMisusesAreOneLineErrors()
    {
        var root = TestData.NewFolder("aae-rel");
        var folder = Path.Combine(root, "run");
        Assert.Equal(0, RunAae(QuickRun("mnist-gaussian", folder, limit: 600, "--epochs", "1")).Code);

        var tooMany = RunAae("sample", folder, "--count", "2000000");
        AssertOneLineError(tooMany.Error, "--count");

        var typeName = RunAae("resume", folder, "--epochs", "abc");
        Assert.Equal(AaeCommandLine.UsageError, typeName.Code);
        AssertOneLineError(typeName.Error, "whole number");
        Assert.DoesNotContain("System.", typeName.Error);

        var unknown = RunAae(QuickRun("mnist-gaussian", Path.Combine(root, "x"), "--dataset", "imagenet"));
        AssertOneLineError(unknown.Error, "imagenet", "lfw", "folder:PATH");

        // Image folders: too few images to hold any out.
        var faces = TestData.LfwSlice(12);
        var few = RunAae(["run", "lfw-faces", "--dataset", "folder:" + faces, "--out", Path.Combine(root, "faces"), "--features", "8", "--epochs", "1"]);
        AssertOneLineError(few.Error, "at least 5");
        Assert.False(Directory.Exists(Path.Combine(root, "faces")));
    }

    [Fact]
    public void TemporaryFilesOfAKilledWriteAreCleanedUpByTheNextCommand()
    {
        var folder = Path.Combine(TestData.NewFolder("aae-rel"), "run");
        Assert.Equal(0, RunAae(QuickRun("mnist-gaussian", folder, limit: 600, "--epochs", "1")).Code);
        File.WriteAllText(Path.Combine(folder, "checkpoints", "latest.ckpt.tmp"), "half a checkpoint");
        File.WriteAllText(Path.Combine(folder, "history.csv.tmp"), "half a history");
        Assert.Equal(0, RunAae("evaluate", folder, "--data-dir", TestData.MnistSlice).Code);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories));
    }
}
