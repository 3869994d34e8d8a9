using Aae.Cli;
using Aae.Evaluation;
using Aae.Runs;
using Aae.Visualization;
using SkiaSharp;
using static TorchSharp.torch;

using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>The faces experiment end to end on a few dozen real LFW faces, with small networks.</summary>
public sealed class FacesTests
{
    static string[] TinyFaces(string root, string runPath, params string[] more) =>
        ["run", "lfw-faces", "--dataset", "folder:" + root, "--out", runPath, "--features", "4", "--batch-size", "8",
            "--threads", "2", .. more];

    [Fact]
    public void FacesRunLeavesMetricsFiguresAndAWalkingGif()
    {
        var root = TestData.LfwSlice(48);
        // A corrupt JPEG and a stray text file are skipped and listed, not fatal.
        var broken = Path.Combine(root, "Broken_Person");
        Directory.CreateDirectory(broken);
        File.WriteAllBytes(Path.Combine(broken, "Broken_Person_0001.jpg"), File.ReadAllBytes(Directory.GetFiles(root, "*.jpg", SearchOption.AllDirectories)[0])[..500]);
        File.WriteAllText(Path.Combine(root, Path.GetFileName(Directory.GetDirectories(root)[0]), "notes.txt"), "not an image");

        var runPath = Path.Combine(Path.GetDirectoryName(root)!, "run");
        var (code, output, error) = RunAae(TinyFaces(root, runPath, "--epochs", "3"));
        Assert.True(code == 0, error);
        Assert.Contains("skipped 2", output);
        Assert.Contains("Broken_Person_0001.jpg", File.ReadAllText(Path.Combine(runPath, "run.log")));

        var run = RunFolder.Open(runPath);
        var metrics = Metrics.Read(run.MetricsPath);
        Assert.InRange(metrics["train_mse"]!.Value, 0.001, 0.2);
        Assert.InRange(metrics["heldout_mse"]!.Value, 0.001, 0.2);
        Assert.Equal(43, metrics["train_images"]); // 48 faces less the seeded 10% held out
        Assert.True(metrics["images_per_second"] > 0);
        Assert.Null(metrics["knn_accuracy"]);  // a person's name is no class to vote on
        var history = run.LoadHistory();
        Assert.True(history[^1].Reconstruction() < history[0].Reconstruction(), "reconstruction loss did not fall");

        foreach (var name in new[] { "reconstructions.png", "reconstructions_heldout.png", "samples.png", "losses.png", "code_norms.png" })
        {
            using var bitmap = SKBitmap.Decode(run.Figure(name));
            Assert.True(bitmap is { Width: > 100 }, $"{name} does not decode");
        }
        using var gif = SKCodec.Create(run.Figure("interpolations.gif"));
        Assert.Equal(2 * FaceFigureSet.WalkFramesPerDirection, gif.FrameCount);
        Assert.Equal(-1, gif.RepetitionCount); // loops forever
        // 4x4 faces of 64 pixels, upscaled x3, with 2-pixel gaps.
        Assert.Equal(4 * (64 * 3 + 2) + 2, gif.Info.Width);
    }

    [Fact]
    public void SampleReconstructAndInterpolateWorkFromTheRunFolder()
    {
        var root = TestData.LfwSlice(24);
        var runPath = Path.Combine(Path.GetDirectoryName(root)!, "run");
        // 24 faces: a quarter held out gives the 5 needed for heldout_mse.
        Assert.Equal(0, RunAae(TinyFaces(root, runPath, "--epochs", "1", "--held-out", "0.25")).Code);
        var faces = Directory.GetFiles(root, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

        var samples = Path.Combine(runPath, "s.png");
        var sample = RunAae("sample", runPath, "--count", "9", "--out", samples);
        Assert.True(sample.Code == 0, sample.Error);
        using (var bitmap = SKBitmap.Decode(samples)) Assert.Equal(3 * (64 * 2 + 2) + 2, bitmap.Width);

        var reconstruct = RunAae("reconstruct", runPath, "--images", faces[0], faces[1], "--out", Path.Combine(runPath, "r.png"));
        Assert.True(reconstruct.Code == 0, reconstruct.Error);
        Assert.True(File.Exists(Path.Combine(runPath, "r.png")));

        var walk = Path.Combine(runPath, "walk.gif");
        var interpolate = RunAae("interpolate", runPath, "--images", faces[0], faces[1], faces[2], "--frames", "5", "--out", walk);
        Assert.True(interpolate.Code == 0, interpolate.Error);
        using var gif = SKCodec.Create(walk);
        Assert.Equal(10, gif.FrameCount);

        var missing = RunAae("reconstruct", runPath, "--images", Path.Combine(root, "nope.jpg"));
        Assert.Equal(AaeCommandLine.UserError, missing.Code);
        Assert.Contains("nope.jpg", missing.Error);
    }

    [Fact]
    public void EmptyFolderIsAOneLineError()
    {
        var empty = Path.Combine(TestData.NewFolder("aae-faces"), "faces");
        Directory.CreateDirectory(empty);
        var (code, _, error) = RunAae(TinyFaces(empty, Path.Combine(empty, "..", "run"), "--epochs", "1"));
        Assert.Equal(AaeCommandLine.UserError, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(empty, error);
    }

    [Fact]
    public void WalkStartsAtOneCodeReachesTheOtherAndComesBack()
    {
        var from = tensor(new float[] { 0, 0 });
        var to = tensor(new float[] { 4, 2 });
        var walk = LatentWalk.ThereAndBack(from, to, 9);
        Assert.Equal([18L, 2], walk.shape);
        Assert.Equal(0f, walk[0].abs().sum().item<float>(), 1e-6);
        Assert.Equal(4f, walk[8, 0].item<float>(), 1e-5);
        Assert.Equal(4f, walk[9, 0].item<float>(), 1e-5);
        Assert.Equal(0f, walk[17].abs().sum().item<float>(), 1e-6);
        // Half-way in s is half-way in t (cos²(π/4) = 1/2), and the easing is slow at the ends.
        Assert.Equal(2f, walk[4, 0].item<float>(), 1e-5);
        Assert.True(walk[1, 0].item<float>() < 4f / 8);
    }

    [Fact]
    public void NearestDistinctNeighbourSkipsItselfAndDuplicates()
    {
        var codes = tensor(new float[,] { { 0, 0 }, { 0, 0 }, { 1, 0 }, { 5, 5 } });
        var neighbours = NearestNeighbours.Distinct(codes[..1], codes);
        Assert.Equal(2, neighbours[0]);
    }
}
