using System.Globalization;
using Aae.Cli;
using Aae.Data;
using Aae.Runs;

using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>CIFAR-10 transfer and the pixel CNN through the CLI, on small slices of the real files.</summary>
public sealed class TransferTests
{
    static string TinyFacesRun(string name = "run", int epochs = 1, params string[] more)
    {
        var root = TestData.LfwSlice(20);
        var runPath = Path.Combine(Path.GetDirectoryName(root)!, name);
        var (code, _, error) = RunAae(["run", "lfw-faces", "--dataset", "folder:" + root, "--out", runPath, "--features", "4",
            "--batch-size", "8", "--epochs", epochs.ToString(CultureInfo.InvariantCulture), "--held-out", "0.25", .. more]);
        Assert.True(code == 0, error);
        return runPath;
    }

    /// <summary>`aae transfer` of 60 images per file, car/ship, into runPath/name; its test codes.</summary>
    static float[,] CarShipTestCodes(string runPath, string name, string[] more)
    {
        var outDir = Path.Combine(runPath, name);
        var (code, _, error) = RunAae(["transfer", runPath, "--classes", "automobile,ship", "--limit", "60",
            "--data-dir", TestData.SharedDatasets, "--out", outDir, .. more]);
        Assert.True(code == 0, error);
        return CodesFile.Load(Path.Combine(outDir, "codes_test.aaecodes")).Codes;
    }

    [Fact]
    public void TransferClassifiesCarsAgainstShipsFromSavedCodes()
    {
        var runPath = TinyFacesRun();
        var outDir = Path.Combine(runPath, "car-ship");
        var (code, output, error) = RunAae("transfer", runPath, "--dataset", "cifar10", "--classes", "automobile,ship", "--limit", "300",
            "--data-dir", TestData.SharedDatasets, "--out", outDir);
        Assert.True(code == 0, error);
        Assert.Contains("test accuracy", output);

        var train = CodesFile.Load(Path.Combine(outDir, "codes_train.aaecodes"));
        Assert.Equal(400, train.Dimensions);
        Assert.Equal(["automobile", "ship"], train.ClassNames);
        Assert.All(train.Labels, label => Assert.InRange(label, 0, 1));
        var results = File.ReadAllText(Path.Combine(outDir, "results.json"));
        Assert.Contains("\"auroc\"", results);
        Assert.True(File.Exists(Path.Combine(outDir, "confusion_test.png")));
        Assert.Contains("| automobile |", File.ReadAllText(Path.Combine(outDir, "results.md")));
    }

    [Fact]
    public void TheUntrainedControlUsesInitialWeightsReproducibleFromItsSeed()
    {
        var runPath = TinyFacesRun();
        float[,] Codes(string name, params string[] more) => CarShipTestCodes(runPath, name, more);
        var trained = Codes("trained");
        var untrained = Codes("untrained-5", "--untrained-seed", "5");
        Assert.Equal(untrained, Codes("untrained-5-again", "--untrained-seed", "5"));
        Assert.NotEqual(trained, untrained);
        Assert.NotEqual(untrained, Codes("untrained-6", "--untrained-seed", "6"));
        // The faces run's own seed (0) gives the weights it started training from, not its trained ones.
        Assert.NotEqual(trained, Codes("untrained-0", "--untrained-seed", "0"));
    }

    [Fact]
    public void KeptCheckpointsGiveTheEncoderAfterThatEpoch()
    {
        var runPath = TinyFacesRun("kept", 2, "--keep-checkpoints", "1");
        Assert.True(File.Exists(Path.Combine(runPath, "checkpoints", "epoch-1.ckpt")));
        Assert.False(File.Exists(Path.Combine(runPath, "checkpoints", "epoch-2.ckpt")));
        float[,] Codes(string name, params string[] more) => CarShipTestCodes(runPath, name, more);
        var afterOne = Codes("epoch-1", "--epoch", "1");
        Assert.NotEqual(Codes("final"), afterOne);
        Assert.NotEqual(Codes("untrained", "--untrained-seed", "0"), afterOne);

        var missing = RunAae("transfer", runPath, "--epoch", "2", "--limit", "60", "--data-dir", TestData.SharedDatasets,
            "--out", Path.Combine(runPath, "epoch-2"));
        Assert.Equal(AaeCommandLine.UserError, missing.Code);
        AssertOneLineError(missing.Error, "epoch-2.ckpt", "kept: epoch-1");
        var beyond = RunAae("run", "lfw-faces", "--epochs", "2", "--keep-checkpoints", "3", "--out", Path.Combine(runPath, "never"));
        AssertOneLineError(beyond.Error, "--keep-checkpoints");
        Assert.False(Directory.Exists(Path.Combine(runPath, "never")));
    }

    [Fact]
    public void OneClassAndAnOccupiedOutputFolderAreRefused()
    {
        var runPath = TinyFacesRun();
        var one = RunAae("transfer", runPath, "--classes", "ship", "--limit", "100", "--data-dir", TestData.SharedDatasets,
            "--out", Path.Combine(runPath, "one"));
        Assert.Equal(AaeCommandLine.UserError, one.Code);
        AssertOneLineError(one.Error, "at least 2 classes");

        var occupied = Directory.CreateDirectory(Path.Combine(runPath, "earlier")).FullName;
        File.WriteAllText(Path.Combine(occupied, "results.md"), "earlier results");
        var again = RunAae("transfer", runPath, "--classes", "automobile,ship", "--limit", "100", "--data-dir", TestData.SharedDatasets,
            "--out", occupied);
        AssertOneLineError(again.Error, "not empty");
        Assert.Equal("earlier results", File.ReadAllText(Path.Combine(occupied, "results.md")));
    }

    [Fact]
    public void AnEncoderOfOtherImagesIsAOneLineError()
    {
        var runPath = Path.Combine(TestData.NewFolder("aae-transfer"), "mnist");
        Assert.Equal(0, RunAae("run", "mnist-gaussian", "--data-dir", TestData.MnistSlice, "--out", runPath, "--no-download",
            "--limit", "500", "--epochs", "1").Code);
        var (code, _, error) = RunAae("transfer", runPath, "--data-dir", TestData.SharedDatasets, "--limit", "100");
        Assert.Equal(AaeCommandLine.UserError, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("1x28x28", lines[0]);
    }

    [Fact]
    public void CnnLearnsOnASlice()
    {
        var outDir = Path.Combine(TestData.NewFolder("aae-transfer"), "cnn");
        var (code, _, error) = RunAae("run", "cifar10-cnn", "--limit", "400", "--epochs", "4", "--data-dir", TestData.SharedDatasets,
            "--out", outDir);
        Assert.True(code == 0, error);
        var losses = File.ReadAllLines(Path.Combine(outDir, "history.csv")).Skip(1)
            .Select(line => double.Parse(line.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(4, losses.Length);
        Assert.True(losses[^1] < losses[0], $"training loss {losses[0]} -> {losses[^1]}");
        Assert.True(File.Exists(Path.Combine(outDir, "confusion_test.png")));
        using var results = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var auroc = results.RootElement.GetProperty("test").GetProperty("auroc").GetDouble();
        Assert.InRange(auroc, 0.5, 1.0);
    }
}
