using System.Text.Json;
using Aae.Runs;
using SkiaSharp;
using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>
/// The identity model (identity-aae, preset lfw-identity) end to end on real LFW people with
/// several images each: it trains, its identity loss falls, its metrics measure who and how, its
/// swap grid is drawn, and `aae swap` exchanges who and how of chosen files.
/// </summary>
public sealed class IdentityModelTests
{
    static readonly Lazy<(string Run, string People)> trained = new(() =>
    {
        var people = TestData.PeopleWithSeveralImages(40, 4);
        var run = Path.Combine(TestData.NewFolder("aae-identity"), "run");
        var result = RunAae("run", "lfw-identity", "--dataset", "folder:" + people, "--data-dir", TestData.SharedDatasets, "--out", run,
            "--features", "8", "--epochs", "5", "--batch-size", "16", "--held-out", "0.3", "--threads", "2");
        Assert.True(result.Code == 0, result.Error);
        return (run, people);
    });

    [Fact]
    public void ItTrainsAndMeasuresWhoAndHowApart()
    {
        var (run, _) = trained.Value;
        var history = RunFolder.Open(run).LoadHistory();
        Assert.True(history[^1].Loss("identity_loss") < 0.8 * history[0].Loss("identity_loss"),
            $"identity loss {history[0].Loss("identity_loss")} -> {history[^1].Loss("identity_loss")}");
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        double Metric(string name) => metrics.RootElement.GetProperty(name).GetDouble();
        foreach (var part in new[] { "codes", "identity", "style", "pixels" })
        {
            Assert.InRange(Metric($"retrieval_accuracy_{part}"), 0, 1);
            Assert.InRange(Metric($"verification_auc_{part}"), 0, 1);
        }
        // 40 people of 4 images: a quarter of a known person's 3 training images per 120 or so.
        Assert.InRange(Metric("retrieval_chance"), 0.01, 0.05);
        // Fréchet distances in ResNet-18 features: real training faces lie nearest the held-out ones,
        // five epochs of a small model's samples and the one mean face far off.
        Assert.True(Metric("fd_floor") < Metric("fd_samples") && Metric("fd_floor") < Metric("fd_mean_image"),
            $"FD floor {Metric("fd_floor")}, samples {Metric("fd_samples")}, mean image {Metric("fd_mean_image")}");
        // Trained to tell people apart, the identity part does better than chance on people it never saw.
        Assert.True(Metric("verification_auc_identity") > 0.55, $"verification AUC {Metric("verification_auc_identity")}");
    }

    [Fact]
    public void TheSwapGridsAreDrawn()
    {
        var (run, people) = trained.Value;
        using (var figure = SKBitmap.Decode(Path.Combine(run, "figures", "swaps.png")))
            Assert.True(figure.Width > 7 * 128, $"swaps.png is {figure.Width} wide, 7 faces of 128 pixels expected");
        var files = Directory.GetDirectories(people).Order(StringComparer.Ordinal).Take(3).Select(p => Directory.GetFiles(p).Order().First()).ToArray();
        var outFile = Path.Combine(TestData.NewFolder("aae-swap"), "swap.png");
        var result = RunAae("swap", run, "--identity", files[0], files[1], "--style", files[2], files[0], files[1], "--out", outFile);
        Assert.True(result.Code == 0, result.Error);
        using var grid = SKBitmap.Decode(outFile);
        // 3 + 1 columns and 2 + 1 rows of 64 x 64 faces drawn at twice their size.
        Assert.InRange(grid.Width, 4 * 128, 4 * 128 + 80);
        Assert.True(grid.Height > 3 * 128, $"swap.png is {grid.Height} high");
    }

    [Fact]
    public void SwapNeedsAnIdentityRunAndPeopleWithTwoImages()
    {
        var single = TestData.LfwSlice(30);
        var run = Path.Combine(TestData.NewFolder("aae-identity-bad"), "run");
        var result = RunAae("run", "lfw-identity", "--dataset", "folder:" + single, "--data-dir", TestData.SharedDatasets, "--out", run,
            "--features", "8", "--epochs", "1", "--held-out", "0.4");
        Assert.Equal(1, result.Code);
        AssertOneLineError(result.Error, "no person", "has two");

        var faces = Path.Combine(TestData.NewFolder("aae-faces-run"), "run");
        Assert.Equal(0, RunAae("run", "lfw-faces", "--dataset", "folder:" + single, "--data-dir", TestData.SharedDatasets, "--out", faces,
            "--features", "8", "--epochs", "1", "--latent-size", "8", "--held-out", "0.2").Code);
        var file = Directory.GetFiles(single, "*.jpg", SearchOption.AllDirectories)[0];
        var swap = RunAae("swap", faces, "--identity", file, "--style", file, "--out", Path.Combine(TestData.NewFolder("aae-swap"), "x.png"));
        Assert.Equal(1, swap.Code);
        AssertOneLineError(swap.Error, "identity part");
    }

    [Fact]
    public void TransferTakesOnePartOfTheCodeWhenAsked()
    {
        var (run, _) = trained.Value;
        float[,] Codes(string name, params string[] more)
        {
            var outDir = Path.Combine(TestData.NewFolder("aae-identity-transfer"), name);
            var result = RunAae(["transfer", run, "--classes", "automobile,ship", "--limit", "40", "--data-dir", TestData.SharedDatasets, "--out", outDir, .. more]);
            Assert.True(result.Code == 0, result.Error);
            return Aae.Data.CodesFile.Load(Path.Combine(outDir, "codes_test.aaecodes")).Codes;
        }
        var whole = Codes("whole");
        var identity = Codes("identity", "--part", "identity");
        var style = Codes("style", "--part", "style");
        Assert.Equal(192, whole.GetLength(1));
        Assert.Equal(64, identity.GetLength(1));
        Assert.Equal(128, style.GetLength(1));
        for (int row = 0; row < whole.GetLength(0); row++)
        {
            Assert.Equal(whole[row, 0], identity[row, 0]);
            Assert.Equal(whole[row, 63], identity[row, 63]);
            Assert.Equal(whole[row, 64], style[row, 0]);
            Assert.Equal(whole[row, 191], style[row, 127]);
        }
        var wrong = RunAae("transfer", run, "--part", "pose", "--limit", "40", "--data-dir", TestData.SharedDatasets,
            "--out", Path.Combine(TestData.NewFolder("aae-identity-transfer"), "pose"));
        Assert.Equal(1, wrong.Code);
        AssertOneLineError(wrong.Error, "'pose' is not a part", "identity, style");
    }
}
