using static TorchSharp.torch;

namespace Aae.Evaluation;

/// <summary>
/// Principal components by randomized SVD (Halko, Martinsson and Tropp 2011), as scikit-learn's PCA
/// computes them for a few hundred components of wide data: a random projection, power iterations
/// re-orthonormalised by QR, and an exact SVD of the small projected matrix.
/// </summary>
public sealed class Pca : IDisposable
{
    readonly Tensor mean;        // [D]
    readonly Tensor components;  // [K, D], rows orthonormal, by decreasing variance

    Pca(Tensor mean, Tensor components)
    {
        this.mean = mean;
        this.components = components;
    }

    public long Components => components.shape[0];

    /// <summary>The mean of the fitted rows [D].</summary>
    public Tensor Mean => mean;

    /// <summary>The components as rows [K, D], orthonormal, by decreasing variance.</summary>
    public Tensor Directions => components;

    /// <summary>Component <paramref name="index"/> [D].</summary>
    public Tensor Direction(int index) => components[index];

    /// <summary>Fits <paramref name="count"/> components to the rows of <paramref name="data"/> [N, D] (not modified).</summary>
    /// <param name="seed">Draws the random projection; different seeds give the same subspace up to small errors.</param>
    public static Pca Fit(Tensor data, int count, long seed, int powerIterations = 7, int oversampling = 10)
    {
        if (data.dim() != 2) throw new ArgumentException($"PCA needs a matrix [N, D], got {data.dim()} dimensions");
        long rank = Math.Min(count + oversampling, Math.Min(data.shape[0], data.shape[1]));
        if (count > rank) throw new ArgumentException($"cannot fit {count} components to a {data.shape[0]}x{data.shape[1]} matrix");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var mean = data.mean([0]);
        // X·v and Xᵀ·u of the centred data without a centred copy: X·v - 1(mean·v).
        Tensor Times(Tensor v) => data.mm(v) - mean.unsqueeze(0).mm(v);
        Tensor TransposeTimes(Tensor u) => data.t().mm(u) - mean.unsqueeze(1).mm(u.sum([0], keepdim: true));

        var projection = randn([data.shape[1], rank], generator: new Generator((ulong)seed));
        var basis = linalg.qr(Times(projection)).Q;
        for (int i = 0; i < powerIterations; i++)
            basis = linalg.qr(Times(linalg.qr(TransposeTimes(basis)).Q)).Q;
        var small = TransposeTimes(basis).t();  // [rank, D] = Qᵀ X
        var (_, _, vh) = linalg.svd(small, fullMatrices: false);
        return new Pca(mean.MoveToOuterDisposeScope(), vh[..count].contiguous().MoveToOuterDisposeScope());
    }

    /// <summary>The coordinates [N, K] of rows [N, D] along the components.</summary>
    public Tensor Transform(Tensor data) => (data - mean).mm(components.t());

    public void Dispose()
    {
        mean.Dispose();
        components.Dispose();
    }
}
