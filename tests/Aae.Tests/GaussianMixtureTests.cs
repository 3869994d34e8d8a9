using Aae.Evaluation;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>The Gaussian mixture fitted to codes: one component is the sample's own moments, two known ones are found again, and its draws follow it.</summary>
[Trait("Category", "Unit")]
public sealed class GaussianMixtureTests
{
    [Fact]
    public void OneComponentIsTheMeanAndCovarianceOfTheCodes()
    {
        using var codes = tensor(new double[] { 0, 0, 2, 0, 0, 4, 2, 4 }, [4, 2]);
        using var mixture = GaussianMixture.Fit(codes, 1, seed: 0);
        Assert.Equal(1.0, mixture.Means[0, 0].item<double>(), 9);
        Assert.Equal(2.0, mixture.Means[0, 1].item<double>(), 9);
        // Population covariance: variances 1 and 4, no correlation (plus the tiny ridge).
        var covariance = mixture.Covariances[0].data<double>().ToArray();
        Assert.Equal(1.0, covariance[0], 5);
        Assert.Equal(0.0, covariance[1], 9);
        Assert.Equal(4.0, covariance[3], 5);
        // log N((1, 2); μ, diag(1, 4)) = −log(2π) − ½ log 4.
        using var centre = tensor(new double[] { 1, 2 }, [1, 2]);
        Assert.Equal(-Math.Log(2 * Math.PI) - 0.5 * Math.Log(4), mixture.LogDensity(centre).item<double>(), 4);
    }

    [Fact]
    public void TwoWellSeparatedComponentsAreFoundAgainAndSampledByTheirWeights()
    {
        var generator = new Generator(4);
        // 30% around (−5, 0) with sd 0.5, 70% around (5, 5) with sd 1 and 2 (correlated by a shear).
        using var first = randn([3000, 2], ScalarType.Float64, generator: generator) * 0.5 + tensor(new double[] { -5, 0 });
        using var second = randn([7000, 2], ScalarType.Float64, generator: generator).matmul(tensor(new double[] { 1, 1, 0, 2 }, [2, 2]))
                           + tensor(new double[] { 5, 5 });
        using var codes = cat([first, second]);
        using var mixture = GaussianMixture.Fit(codes, 2, seed: 1);
        int small = mixture.Means[0, 0].item<double>() < 0 ? 0 : 1;
        Assert.Equal(0.3, mixture.Weights[small].item<double>(), 2);
        Assert.True(mixture.Means[small].allclose(tensor(new double[] { -5, 0 }), atol: 0.05));
        Assert.True(mixture.Means[1 - small].allclose(tensor(new double[] { 5, 5 }), atol: 0.1));
        // The second's covariance is SᵀS for S = [[1, 1], [0, 2]]: [[1, 1], [1, 5]].
        Assert.True(mixture.Covariances[1 - small].allclose(tensor(new double[] { 1, 1, 1, 5 }, [2, 2]), atol: 0.2));

        using var draws = mixture.Sample(20000, new Generator(7));
        Assert.Equal(ScalarType.Float32, draws.dtype);
        double left = draws[.., 0].lt(0).to_type(ScalarType.Float64).mean().item<double>();
        Assert.InRange(left, 0.29, 0.31);
        // The fitted mixture scores its own draws about as well as the codes it was fitted to.
        Assert.InRange(mixture.LogDensity(draws).mean().item<double>(), mixture.LogLikelihood - 0.05, mixture.LogLikelihood + 0.05);
    }
}
