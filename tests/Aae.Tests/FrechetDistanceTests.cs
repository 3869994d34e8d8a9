using Aae.Evaluation;
using static TorchSharp.torch;

namespace Aae.Tests;

[Trait("Category", "Unit")]
public sealed class FrechetDistanceTests
{
    [Fact]
    public void MatchesTheHandComputedDistanceOfTwoSmallSets()
    {
        // a: mean 0, unbiased covariance diag(2/3, 2/3); b = 2a + (3, 4): mean (3, 4), covariance diag(8/3, 8/3).
        using var a = tensor(new double[] { 1, 0, -1, 0, 0, 1, 0, -1 }, [4, 2]);
        using var b = a * 2 + tensor(new double[] { 3, 4 });
        // 25 + tr(Σa + Σb) - 2 tr((Σa Σb)^½) = 25 + 20/3 - 2 · 2 · 4/3 = 25 + 4/3.
        Assert.Equal(25 + 4.0 / 3, FrechetDistance.Of(a, b), 1e-9);
    }

    [Fact]
    public void IsZeroForASetAndItselfAndSymmetricForCovariancesThatDoNotCommute()
    {
        var generator = new Generator(7);
        using var x = randn([500, 6], generator: generator, dtype: ScalarType.Float64);
        using var mixing = randn([6, 6], generator: generator, dtype: ScalarType.Float64);
        using var a = x.matmul(mixing);
        using var b = randn([400, 6], generator: generator, dtype: ScalarType.Float64) * tensor(new double[] { 1, 2, 3, 1, 2, 3 }) + 1;
        Assert.Equal(0, FrechetDistance.Of(a, a), 1e-8);
        Assert.Equal(FrechetDistance.Of(a, b), FrechetDistance.Of(b, a), 1e-8);
        Assert.True(FrechetDistance.Of(a, b) > 1);
    }

    [Fact]
    public void InOneDimensionIsTheSquaredDifferencesOfMeansAndDeviations()
    {
        var generator = new Generator(3);
        using var a = randn([1000, 1], generator: generator, dtype: ScalarType.Float64) * 2 + 5;
        using var b = randn([800, 1], generator: generator, dtype: ScalarType.Float64) * 0.5 - 1;
        double Deviation(Tensor t) => t.std().item<double>();
        double expected = Math.Pow(a.mean().item<double>() - b.mean().item<double>(), 2) + Math.Pow(Deviation(a) - Deviation(b), 2);
        Assert.Equal(expected, FrechetDistance.Of(a, b), 1e-9);
    }
}
