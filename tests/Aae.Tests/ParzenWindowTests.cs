using Aae.Evaluation;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>The Parzen-window log-likelihood against a hand-computed case and kernel densities whose answer is known.</summary>
[Trait("Category", "Unit")]
public sealed class ParzenWindowTests
{
    [Fact]
    public void OnePointAgreesWithTheFormulaByHand()
    {
        // Two samples in 2-D, one test point: log((e^(−|x−a|²/2σ²) + e^(−|x−b|²/2σ²)) / 2) − 2 log(σ √(2π)).
        using var samples = tensor(new float[] { 0, 0, 1, 0.5f }, [2, 2]);
        using var point = tensor(new float[] { 0.25f, 0.5f }, [1, 2]);
        double sigma = 0.5, toA = 0.25 * 0.25 + 0.5 * 0.5, toB = 0.75 * 0.75;
        double expected = Math.Log((Math.Exp(-toA / (2 * sigma * sigma)) + Math.Exp(-toB / (2 * sigma * sigma))) / 2)
                          - 2 * Math.Log(sigma * Math.Sqrt(2 * Math.PI));
        using var result = ParzenWindow.LogLikelihoods(point, samples, [0.3, sigma]);
        Assert.Equal(expected, result[0, 1].item<double>(), 10);
        Assert.NotEqual(expected, result[0, 0].item<double>(), 3);
    }

    [Fact]
    public void ManyChunksGiveWhatOneDoes()
    {
        // 3,000 samples put 1,666 points in a chunk: 5,000 points take four chunks.
        var generator = new Generator(5);
        using var samples = rand([3000, 6], generator: generator);
        using var points = rand([5000, 6], generator: generator);
        using var all = ParzenWindow.LogLikelihoods(points, samples, [0.2, 0.5]);
        using var first = ParzenWindow.LogLikelihoods(points[..7], samples, [0.2, 0.5]);
        using var last = ParzenWindow.LogLikelihoods(points[4990..], samples, [0.2, 0.5]);
        Assert.Equal([5000L, 2L], all.shape);
        Assert.True(all[..7].allclose(first, rtol: 1e-12, atol: 1e-9));
        Assert.True(all[4990..].allclose(last, rtol: 1e-12, atol: 1e-9));
    }

    [Fact]
    public void SamplesOfAGaussianGiveItsLogDensityBack()
    {
        // 20,000 draws of N(0, I) in 2-D as the model's samples: the Parzen estimate of test draws comes
        // near the expected log-density −log(2π) − 1 = −2.838 (the kernels widen it by σ², a little lower).
        var generator = new Generator(11);
        using var samples = randn([20000, 2], generator: generator);
        using var validation = randn([2000, 2], generator: generator);
        using var test = randn([4000, 2], generator: generator);
        var result = ParzenWindow.Evaluate(samples, validation, test);
        Assert.InRange(result.LogLikelihood, -2.838 - 0.12, -2.838 + 0.05);
        Assert.InRange(result.StandardError, 0.01, 0.03);  // sd of log N(x; 0, I) is 1 in 2-D: 1/√4000 = 0.016
        Assert.InRange(result.Sigma, 0.1, 0.5);
    }

    [Fact]
    public void TheWidthIsChosenOnValidationImages()
    {
        // One sample at the origin: the best width is the root mean squared distance per dimension of the
        // validation points (here exactly 0.5), and the test points' value follows from the formula.
        using var sample = zeros(1, 4);
        using var validation = tensor(new float[] { 0.5f, -0.5f, 0.5f, -0.5f, -0.5f, 0.5f, -0.5f, 0.5f }, [2, 4]);
        using var test = tensor(new float[] { 1, 0, 0, 0, 0, 0, 0, 0 }, [2, 4]);
        var result = ParzenWindow.Evaluate(sample, validation, test, [0.25, 0.5, 1.0]);
        Assert.Equal(0.5, result.Sigma);
        double normaliser = 4 * Math.Log(0.5 * Math.Sqrt(2 * Math.PI));
        Assert.Equal((-1 / 0.5 - 2 * normaliser) / 2, result.LogLikelihood, 10);
        Assert.Equal(1 / 0.5 / 2 / Math.Sqrt(2), result.StandardError, 10);
        Assert.Equal(-4 * 0.25 / 0.5 - normaliser, result.ValidationLogLikelihood, 10);
    }
}
