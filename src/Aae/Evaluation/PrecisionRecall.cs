using static TorchSharp.torch;

namespace Aae.Evaluation;

/// <summary>
/// Improved precision and recall of generated samples (Kynkäänniemi et al. 2019), in any feature
/// space: each set's manifold is the union of balls around its points, each as wide as the distance
/// to its k-th nearest neighbour in the set. Precision is the share of samples inside the real
/// manifold (are the samples realistic?), recall the share of real images inside the samples'
/// manifold (do the samples cover the data?).
/// </summary>
public static class PrecisionRecall
{
    /// <summary>The paper's choice of k.</summary>
    public const int DefaultK = 3;

    /// <summary>Distances computed at a time (32 MB in float64).</summary>
    const long DistanceBudget = 4_000_000;

    public static (double Precision, double Recall) Of(Tensor real, Tensor generated, int k = DefaultK)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var a = real.flatten(1).to(ScalarType.Float64);
        var b = generated.flatten(1).to(ScalarType.Float64);
        if (a.shape[1] != b.shape[1]) throw new ArgumentException($"real features of {a.shape[1]} and generated of {b.shape[1]} dimensions");
        if (k < 1 || a.shape[0] <= k || b.shape[0] <= k) throw new ArgumentException($"each set needs more than k = {k} points");
        return (Inside(b, a, Radii(a, k)), Inside(a, b, Radii(b, k)));
    }

    /// <summary>Each point's distance to its k-th nearest other point of the set (squared).</summary>
    /// <remarks>Each point is its own nearest at distance 0, so the (k+1)-th smallest is the k-th other.</remarks>
    static Tensor Radii(Tensor set, int k) =>
        cat(SquaredDistances.InChunks(set, set, DistanceBudget, squared => squared.topk(k + 1, 1, largest: false).values.select(1, k)));

    /// <summary>Share of <paramref name="points"/> within the radius of at least one point of <paramref name="set"/>.</summary>
    static double Inside(Tensor points, Tensor set, Tensor squaredRadii) =>
        SquaredDistances.InChunks(points, set, DistanceBudget, squared => squared.le(squaredRadii.unsqueeze(0)).any(1).sum()).Sum(count => count.item<long>())
        / (double)points.shape[0];
}
