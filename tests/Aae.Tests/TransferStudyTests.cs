using Aae.Data;
using Aae.Visualization;

using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>The cifar10-transfer study with its controls, end to end on a slice of the real files, and resumed.</summary>
public sealed class TransferStudyTests
{
    static string FacesRun(string name, params string[] more)
    {
        var root = TestData.LfwSlice(20);
        var runPath = Path.Combine(Path.GetDirectoryName(root)!, name);
        var (code, _, error) = RunAae(["run", "lfw-faces", "--dataset", "folder:" + root, "--out", runPath, "--features", "4",
            "--batch-size", "8", "--epochs", "2", "--held-out", "0.25", "--keep-checkpoints", "1", .. more]);
        Assert.True(code == 0, error);
        return runPath;
    }

    [Fact]
    public void TheStudyWritesEveryControlAndResumesOnlyWhatIsMissing()
    {
        var faces = FacesRun("encoder-run");
        var plain = FacesRun("plain-run", "--lambda", "0");
        var identity = Path.Combine(TestData.NewFolder("aae-study-identity"), "run");
        var trained = RunAae("run", "lfw-identity", "--dataset", "folder:" + TestData.PeopleWithSeveralImages(16, 3), "--out", identity,
            "--features", "4", "--batch-size", "8", "--epochs", "1", "--held-out", "0.3", "--latent-size", "16", "--identity-size", "4");
        Assert.True(trained.Code == 0, trained.Error);
        var study = Path.Combine(TestData.NewFolder("aae-study"), "study");
        string[] run = ["run", "cifar10-transfer", "--faces-run", faces, "--plain-run", plain, "--identity-run", identity, "--limit", "300", "--epochs", "1",
            "--seeds", "2", "--data-dir", TestData.SharedDatasets, "--out", study];
        var (code, output, error) = RunAae(run);
        Assert.True(code == 0, error);

        var table = File.ReadAllText(Path.Combine(study, "results.md"));
        foreach (var row in new[]
                 {
                     "| CNN on pixels |", "| faces encoder (2 epochs) + LightGBM | 10 | LightGBM 0..1 |", "| faces encoder after 1 epoch + LightGBM |",
                     "| faces encoder, untrained + LightGBM | 10 | weights 0..1 |", "| plain autoencoder on the faces (λ = 0, 2 epochs) + LightGBM |",
                     "| plain autoencoder after 1 epoch + LightGBM |", "| PCA-150 of the pixels + LightGBM | 10 | projection 0..1 |",
                     "| faces encoder + tuned LightGBM | 10 | 1 |", "(car/ship) | 2 |", "| random guessing |", "LightGBM search on the faces-final training codes",
                     "| identity model, whole code (16-d) + LightGBM | 10 | LightGBM 0..1 |", "| identity model, identity code (4-d) + LightGBM |",
                     "| identity model, style code (12-d) + LightGBM |",
                 })
            Assert.Contains(row, table);
        Assert.True(Png.Decode(File.ReadAllBytes(Path.Combine(study, "transfer_curve.png"))).Width > 800);
        // Its report: the table beside the study's numbers, the curve and the confusion matrices, in a browser.
        var page = HeadlessChromium.DumpDom(Path.Combine(study, "report.html"), "#selftest");
        Assert.Empty(page.ConsoleMessages);
        Assert.Contains("<th>study accuracy</th>", page.Dom);
        Assert.Contains("<td>73.91%</td>", page.Dom);
        Assert.Contains("transfer_curve.png", page.Dom);
        Assert.Contains("cnn/confusion_test.png", page.Dom);

        // The controls are what they claim: each untrained seed its own weights, the kept epoch not the final weights,
        // the PCA coordinates ordered by falling variance.
        float[,] Codes(string set) => CodesFile.Load(Path.Combine(study, "codes", set, "codes_train.aaecodes")).Codes;
        Assert.NotEqual(Codes("untrained-seed-0"), Codes("untrained-seed-1"));
        Assert.NotEqual(Codes("faces-final"), Codes("faces-epoch-1"));
        Assert.NotEqual(Codes("faces-final"), Codes("plain-autoencoder"));
        var pca = Codes("pca-150-seed-0");
        Assert.Equal(150, pca.GetLength(1));
        Assert.True(Variance(pca, 0) > Variance(pca, 10) && Variance(pca, 10) > Variance(pca, 149));
        // The parts' rows classify the whole code's columns: who first, then how.
        var whole = Codes("identity-model");
        Assert.Equal(whole[7, 3], Codes("identity-model-identity")[7, 3]);
        Assert.Equal(whole[7, 4], Codes("identity-model-style")[7, 0]);
        Assert.Equal(12, Codes("identity-model-style").GetLength(1));
        var carShip = CodesFile.Load(Path.Combine(study, "codes", "faces-final-car-ship", "codes_test.aaecodes"));
        Assert.Equal(["automobile", "ship"], carShip.ClassNames);

        // Interrupted after a classifier: resume redoes only what is missing and writes the same table.
        Directory.Delete(Path.Combine(study, "lightgbm", "default", "pca-150-seed-1"), recursive: true);
        File.Delete(Path.Combine(study, "results.md"));
        var resumed = RunAae("resume", study, "--data-dir", TestData.SharedDatasets);
        Assert.True(resumed.Code == 0, resumed.Error);
        var redone = resumed.Output.Split('\n').Where(l => l.StartsWith("LightGBM (", StringComparison.Ordinal) || l.Contains(": encoding")).ToList();
        Assert.Equal(["LightGBM (defaults, seed 1) on pca-150-seed-1"], redone);
        Assert.DoesNotContain("epoch   1", resumed.Output);  // the CNN's results are reused too
        Assert.Equal(table, File.ReadAllText(Path.Combine(study, "results.md")));

        var again = RunAae(run);
        AssertOneLineError(again.Error, "already holds a transfer study", "aae resume");
    }

    static double Variance(float[,] codes, int column)
    {
        int n = codes.GetLength(0);
        double mean = 0, square = 0;
        for (int i = 0; i < n; i++) mean += codes[i, column] / n;
        for (int i = 0; i < n; i++) square += (codes[i, column] - mean) * (codes[i, column] - mean) / n;
        return square;
    }
}
