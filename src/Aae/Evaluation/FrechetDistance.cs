using static TorchSharp.torch;

namespace Aae.Evaluation;

/// <summary>
/// The Fréchet distance between two sets of feature vectors, each summarised by a Gaussian:
/// |μa − μb|² + tr(Σa + Σb − 2 (Σa^½ Σb Σa^½)^½). The square roots are taken through symmetric
/// eigendecompositions in float64, whose tiny negative eigenvalues (rounding) count as zero.
/// </summary>
public static class FrechetDistance
{
    /// <summary>The distance between the rows of <paramref name="a"/> and of <paramref name="b"/> ([N, D] each, N ≥ 2).</summary>
    public static double Of(Tensor a, Tensor b)
    {
        if (a.dim() != 2 || b.dim() != 2 || a.shape[1] != b.shape[1])
            throw new ArgumentException($"feature sets of shapes [{string.Join(", ", a.shape)}] and [{string.Join(", ", b.shape)}] do not match");
        if (a.shape[0] < 2 || b.shape[0] < 2) throw new ArgumentException("a Fréchet distance needs at least two vectors a set");
        using var scope = NewDisposeScope();
        return Of(Moments(a), Moments(b));
    }

    /// <summary>The distance between two sets summarised by their <see cref="Moments"/> (so that one set is summarised once for several).</summary>
    public static double Of((Tensor Mean, Tensor Covariance) a, (Tensor Mean, Tensor Covariance) b)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (meanA, covarianceA) = a;
        var (meanB, covarianceB) = b;
        var rootA = SquareRoot(covarianceA);
        var cross = SquareRoot(rootA.matmul(covarianceB).matmul(rootA));
        double means = (meanA - meanB).square().sum().item<double>();
        return means + (covarianceA.trace() + covarianceB.trace() - 2 * cross.trace()).item<double>();
    }

    /// <summary>The mean and the unbiased covariance of the rows.</summary>
    public static (Tensor Mean, Tensor Covariance) Moments(Tensor features)
    {
        var x = features.to(ScalarType.Float64);
        var mean = x.mean([0]);
        var centred = x - mean;
        return (mean, centred.T.matmul(centred) / (x.shape[0] - 1));
    }

    /// <summary>The symmetric positive semi-definite square root of a symmetric matrix.</summary>
    static Tensor SquareRoot(Tensor symmetric)
    {
        var (values, vectors) = linalg.eigh((symmetric + symmetric.T) / 2);
        return (vectors * values.clamp_min(0).sqrt()).matmul(vectors.T);
    }
}
