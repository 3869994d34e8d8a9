using Aae.Config;
using Aae.Evaluation;
using Aae.Families;
using Aae.Families.CategoricalAae;
using Aae.Runs;
using SkiaSharp;
using static Aae.Tests.TestCli;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>The paper's dimensionality reduction: cluster heads W_C, their distance cost, the preset's run.</summary>
public sealed class ClusterHeadTests
{
    [Fact]
    public void TheHeadCostSumsHowMuchEachPairFallsShortOfTheDistance()
    {
        // Pairwise distances 3, 4 and 5 (a 3-4-5 triangle).
        using var heads = tensor(new float[] { 0, 0, 3, 0, 0, 4 }, [3, 2]);
        Assert.Equal(3 + 2 + 1, ClusterHeadDecoder.PairCost(heads, 6).item<float>(), 4);
        Assert.Equal(1, ClusterHeadDecoder.PairCost(heads, 4).item<float>(), 4);
        Assert.Equal(0, ClusterHeadDecoder.PairCost(heads, 3).item<float>(), 4);
    }

    [Fact]
    public void TheRepresentationIsTheHeadOfTheCategoryPlusTheStyle()
    {
        using var heads = new ClusterHeadDecoder(3, 2, distance: 2, nn.Identity());
        using (no_grad()) heads.parameters().Single().copy_(tensor(new float[] { 1, 0, 0, 1, -1, -1 }, [3, 2]));
        // y = (0, 1, 0), z = (0.5, 0.25): head 1 (0, 2 in units of η = 2) plus z; y = (0.5, 0, 0.5): between heads 0 and 2.
        using var codes = tensor(new float[] { 0, 1, 0, 0.5f, 0.25f, 0.5f, 0, 0.5f, 0, 0 }, [2, 5]);
        Assert.Equal(new float[] { 0.5f, 2.25f, 0, -1 }, heads.Represent(codes).data<float>().ToArray());
        Assert.Equal(Math.Sqrt(2) * 2, heads.ClosestHeads(), 4);
    }

    [Fact]
    public void ReconstructionPushesHeadsCloserThanTheDistanceApart()
    {
        var preset = Presets.Find("mnist-dimensionality-reduction").Config;
        var config = preset with
        {
            Networks = new() { EncoderHidden = [32], DecoderHidden = [32], DiscriminatorHidden = [16] },
            // A large rate, so that 40 steps move the heads far enough to see.
            Training = preset.Training with { DecoderLearningRate = 0.05 },
        };
        using var family = (CategoricalAaeFamily)ModelFamilies.Build(config, [1, 28, 28], 10);
        var heads = family.ClusterHeads!;
        // Xavier-initialised, the heads start well within 6 of each other.
        double closestBefore = heads.ClosestHeads();
        float costBefore = heads.HeadCost().item<float>();
        Assert.True(closestBefore < 3, $"heads start {closestBefore} apart");
        var images = rand(8, 1, 28, 28);
        for (int step = 0; step < 40; step++) family.ReconstructionPhase(images, images);
        Assert.True(heads.ClosestHeads() > closestBefore + 0.5, $"closest heads {closestBefore} -> {heads.ClosestHeads()}");
        Assert.True(heads.HeadCost().item<float>() < costBefore * 0.8, $"head cost {costBefore} -> {heads.HeadCost().item<float>()}");
    }

    [Fact]
    public void TheDimensionalityReductionRunSpreadsItsHeadsAndMapsTheTestDigits()
    {
        var root = TestData.NewFolder("aae-dimred");
        var run = Path.Combine(root, "run");
        var (code, output, error) = RunAae(QuickRun("mnist-dimensionality-reduction", run, 4000, "--validation", "1000", "--epochs", "2",
            "--encoder-hidden", "128", "--decoder-hidden", "128", "--discriminator-hidden", "32", "--vat", "0", "--consistency", "0"));
        Assert.True(code == 0, error);
        Assert.Contains("test_error", output);

        var history = RunFolder.Open(run).LoadHistory();
        var costs = history.Select(r => r.Loss("head_cost")!.Value).ToArray();
        Assert.True(costs[^1] < costs[0], $"the head cost did not fall: {string.Join(", ", costs)}");
        var metrics = Metrics.Read(Path.Combine(run, "metrics.json"));
        Assert.InRange(metrics["closest_heads"]!.Value, 1e-3, 6 * 1.5);
        Assert.InRange(metrics["test_error"]!.Value, 0, 0.6);
        using var bitmap = SKBitmap.Decode(Path.Combine(run, "figures", "representation.png"));
        Assert.True(bitmap is { Width: > 600, Height: > 300 }, "representation.png does not decode");

        // No ONNX graph and no PyTorch layout for the heads: one line each, not a stack trace.
        (code, _, error) = RunAae("export", run, "--format", "onnx", "--out", Path.Combine(root, "model.onnx"));
        Assert.NotEqual(0, code);
        AssertOneLineError(error, "ONNX", "ClusterHeadDecoder");
        (code, _, error) = RunAae("export", run, "--format", "safetensors", "--out", Path.Combine(root, "weights.safetensors"));
        Assert.NotEqual(0, code);
        AssertOneLineError(error, "PyTorch", "ClusterHeadDecoder");
        Assert.False(File.Exists(Path.Combine(root, "weights.safetensors")));
    }
}
