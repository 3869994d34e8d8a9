using static TorchSharp.torch;

namespace Aae.Evaluation;

/// <summary>What <see cref="ParzenWindow.Evaluate"/> found: the width chosen on validation images and the test images' mean log-likelihood.</summary>
/// <param name="StandardError">Of the mean: the per-image log-likelihoods' standard deviation over √N, as the papers report it.</param>
public sealed record ParzenResult(double Sigma, double LogLikelihood, double StandardError, double ValidationLogLikelihood);

/// <summary>
/// The Parzen-window log-likelihood of the GAN paper (Goodfellow et al. 2014) that the AAE paper's
/// Table 1 follows: an isotropic Gaussian of width σ on each model sample, σ chosen from a grid by
/// the mean log-likelihood of validation images, then the mean log-likelihood of the test images
/// with its standard error. log p(x) = log mean_i exp(−|x − s_i|² / 2σ²) − d log(σ √(2π)).
/// It is a poor measure of a model in high dimension (Theis et al. 2016); it is here because the
/// paper's table is.
/// </summary>
public static class ParzenWindow
{
    /// <summary>The GAN paper's grid: 10 widths from 0.1 to 1, evenly spaced in log.</summary>
    public static double[] DefaultSigmas => [.. Enumerable.Range(0, 10).Select(i => Math.Pow(10, -1 + i / 9.0))];

    /// <summary>σ by validation, then the test images' log-likelihood. Rows are flattened; all in the same units (pixels in [0, 1]).</summary>
    public static ParzenResult Evaluate(Tensor samples, Tensor validation, Tensor test, double[]? sigmas = null)
    {
        sigmas ??= DefaultSigmas;
        using var scope = NewDisposeScope();
        var onValidation = LogLikelihoods(validation, samples, sigmas).mean([0]).data<double>().ToArray();
        int best = Array.IndexOf(onValidation, onValidation.Max());
        var onTest = LogLikelihoods(test, samples, [sigmas[best]]).select(1, 0);
        double standardError = onTest.std(unbiased: false).item<double>() / Math.Sqrt(onTest.shape[0]);
        return new ParzenResult(sigmas[best], onTest.mean().item<double>(), standardError, onValidation[best]);
    }

    /// <summary>
    /// Each point's log-likelihood under each width: float64 [N, S]. Squared distances come from
    /// |x|² + |s|² − 2 x·s in float64, for as many points at a time as keep a chunk near 5 million
    /// distances (40 MB), whatever the number of samples.
    /// </summary>
    public static Tensor LogLikelihoods(Tensor points, Tensor samples, double[] sigmas)
    {
        if (sigmas.Length == 0 || sigmas.Any(s => !(s > 0))) throw new ArgumentException("Parzen widths must be positive");
        using var noGrad = no_grad();
        var centres = samples.flatten(1).to(ScalarType.Float64);
        var x = points.flatten(1).to(ScalarType.Float64);
        if (centres.shape[1] != x.shape[1])
            throw new ArgumentException($"points of {x.shape[1]} and samples of {centres.shape[1]} dimensions");
        long dimensions = x.shape[1], count = centres.shape[0];
        var normalisers = sigmas.Select(sigma => dimensions * Math.Log(sigma * Math.Sqrt(2 * Math.PI)) + Math.Log(count)).ToArray();
        return cat(SquaredDistances.InChunks(x, centres, 5_000_000, squared =>
            stack(sigmas.Select((sigma, k) => (squared * (-0.5 / (sigma * sigma))).logsumexp(1) - normalisers[k]).ToArray(), 1)));
    }
}
