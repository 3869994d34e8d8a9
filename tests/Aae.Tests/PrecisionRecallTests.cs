using Aae.Evaluation;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>Improved precision and recall (k-NN manifolds) on cases worked by hand and on samples that drop a mode.</summary>
[Trait("Category", "Unit")]
public sealed class PrecisionRecallTests
{
    [Fact]
    public void OneDimensionalCaseByHand()
    {
        // k = 1: the real balls have radius 1, so 0.5 and 2.9 are inside and 10 and −2 are not (precision 1/2);
        // the generated balls (radii 2.5, 2.4, 2.4, 7.1) cover 0, 1, 2 and 3 (recall 1).
        using var real = tensor(new float[] { 0, 1, 2, 3 }, [4, 1]);
        using var generated = tensor(new float[] { 0.5f, 10, 2.9f, -2 }, [4, 1]);
        var (precision, recall) = PrecisionRecall.Of(real, generated, k: 1);
        Assert.Equal(0.5, precision);
        Assert.Equal(1.0, recall);
    }

    [Fact]
    public void SamplesThatDropAModeArePreciseButRecallHalf()
    {
        var generator = new Generator(3);
        using var offsets = cat([zeros(1000, 8), full(1000, 8, 20f)]);
        using var real = randn([2000, 8], generator: generator) + offsets;
        using var oneMode = randn([2000, 8], generator: generator);
        using var bothModes = randn([2000, 8], generator: generator) + offsets;
        using var elsewhere = randn([2000, 8], generator: generator) + 50;

        var (precision, recall) = PrecisionRecall.Of(real, oneMode);
        Assert.True(precision > 0.85, $"precision {precision}");
        Assert.InRange(recall, 0.4, 0.5);
        var (fullPrecision, fullRecall) = PrecisionRecall.Of(real, bothModes);
        Assert.True(fullPrecision > 0.85 && fullRecall > 0.85, $"precision {fullPrecision}, recall {fullRecall}");
        Assert.Equal((0.0, 0.0), PrecisionRecall.Of(real, elsewhere));
    }

    [Fact]
    public void ChunkedDistancesGiveWhatPlainLoopsGive()
    {
        // 4,000 generated points put 1,000 real rows in a chunk (and the reverse 1,600): three chunks each way.
        var generator = new Generator(9);
        using var real = rand([2500, 3], generator: generator);
        using var generated = rand([4000, 3], generator: generator) * 1.2f;
        var (precision, recall) = PrecisionRecall.Of(real, generated);
        var a = Rows(real);
        var b = Rows(generated);
        Assert.Equal(Covered(b, a, KthOther(a, 3)), precision, 12);
        Assert.Equal(Covered(a, b, KthOther(b, 3)), recall, 12);
        Assert.InRange(precision, 0.5, 0.8);  // about (1/1.2)^3 = 0.58 of the generated cube lies in the real one
    }

    static double[][] Rows(Tensor t)
    {
        var values = t.to_type(ScalarType.Float64).data<double>().ToArray();
        return [.. Enumerable.Range(0, (int)t.shape[0]).Select(i => values[(i * 3)..(i * 3 + 3)])];
    }

    static double Squared(double[] x, double[] y) => x.Zip(y, (p, q) => (p - q) * (p - q)).Sum();

    static double[] KthOther(double[][] set, int k) =>
        [.. set.Select((x, i) => set.Where((_, j) => j != i).Select(y => Squared(x, y)).Order().ElementAt(k - 1))];

    static double Covered(double[][] points, double[][] set, double[] radii) =>
        points.Count(p => set.Where((s, j) => Squared(p, s) <= radii[j] + 1e-12).Any()) / (double)points.Length;
}
