using static TorchSharp.torch;

namespace Aae.Evaluation;

/// <summary>
/// A mixture of Gaussians with full covariances fitted to a model's codes by expectation-maximisation,
/// to draw codes where the encoder put them rather than from the prior (the RAE paper's sampler,
/// Ghosh et al. 2020: 10 components on the training codes). Float64 throughout; each covariance gets
/// a small ridge (1e-6 of the codes' mean variance) so a collapsed component stays invertible.
/// </summary>
public sealed class GaussianMixture : IDisposable
{
    public Tensor Weights { get; }
    public Tensor Means { get; }
    public Tensor Covariances { get; }
    /// <summary>Mean log-likelihood of the fitted codes at the last iteration.</summary>
    public double LogLikelihood { get; }
    public int Iterations { get; }

    readonly Tensor choleskyFactors;

    GaussianMixture(Tensor weights, Tensor means, Tensor covariances, Tensor choleskyFactors, double logLikelihood, int iterations)
    {
        Weights = weights;
        Means = means;
        Covariances = covariances;
        LogLikelihood = logLikelihood;
        Iterations = iterations;
        this.choleskyFactors = choleskyFactors;
    }

    public int Components => (int)Weights.shape[0];

    /// <summary>Fits <paramref name="components"/> Gaussians to the rows of <paramref name="codes"/>; means start at distinct rows drawn with <paramref name="seed"/>.</summary>
    public static GaussianMixture Fit(Tensor codes, int components, long seed, int maxIterations = 200, double tolerance = 1e-7)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = codes.flatten(1).to(ScalarType.Float64);
        long n = x.shape[0], d = x.shape[1];
        if (components < 1 || n < components) throw new ArgumentException($"{n} codes cannot fit {components} components");
        var ridge = eye(d, dtype: ScalarType.Float64) * (1e-6 * x.var([0]).mean().item<double>() + 1e-12);
        var means = x.index_select(0, randperm(n, generator: new Generator((ulong)seed + 611_953))[..components]);
        var covariances = (Covariance(x) + ridge).unsqueeze(0).repeat(components, 1, 1);
        var weights = full(components, 1.0 / components, dtype: ScalarType.Float64);
        double previous = double.NegativeInfinity, logLikelihood = double.NegativeInfinity;
        int iteration = 0;
        while (iteration < maxIterations)
        {
            iteration++;
            using var step = NewDisposeScope();
            // E: each code's responsibilities; M: weights, means and covariances from them.
            var joint = JointLogDensities(x, weights, means, linalg.cholesky(covariances));
            var total = joint.logsumexp(1, keepdim: true);
            logLikelihood = total.mean().item<double>();
            var responsibilities = (joint - total).exp();
            var counts = responsibilities.sum([0]) + 1e-12;
            weights = (counts / n).MoveToOuterDisposeScope();
            means = (responsibilities.T.matmul(x) / counts.unsqueeze(1)).MoveToOuterDisposeScope();
            covariances = stack(Enumerable.Range(0, components).Select(k =>
            {
                var centred = x - means[k];
                return (centred * responsibilities[.., k..(k + 1)]).T.matmul(centred) / counts[k] + ridge;
            }).ToArray()).MoveToOuterDisposeScope();
            if (logLikelihood - previous < tolerance) break;
            previous = logLikelihood;
        }
        // The mixture owns its tensors (it is disposable), whatever scope the caller is in.
        return new GaussianMixture(weights.DetachFromDisposeScope(), means.DetachFromDisposeScope(),
            covariances.DetachFromDisposeScope(), linalg.cholesky(covariances).DetachFromDisposeScope(), logLikelihood, iteration);
    }

    /// <summary><paramref name="count"/> codes, float32 [count, D]: a component by its weight, then a draw of its Gaussian.</summary>
    public Tensor Sample(long count, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var chosen = Weights.multinomial(count, replacement: true, generator: generator);
        var noise = randn([count, Means.shape[1], 1], ScalarType.Float64, generator: generator);
        var draws = Means.index_select(0, chosen) + choleskyFactors.index_select(0, chosen).matmul(noise).squeeze(2);
        return draws.to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>log p(z) of each row under the mixture, float64 [N].</summary>
    public Tensor LogDensity(Tensor z)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return JointLogDensities(z.flatten(1).to(ScalarType.Float64), Weights, Means, choleskyFactors).logsumexp(1).MoveToOuterDisposeScope();
    }

    /// <summary>log w_k + log N(x; μ_k, L_k L_kᵀ) for every row and component, [N, K].</summary>
    static Tensor JointLogDensities(Tensor x, Tensor weights, Tensor means, Tensor cholesky)
    {
        long d = x.shape[1];
        var columns = new List<Tensor>();
        for (int k = 0; k < means.shape[0]; k++)
        {
            var inverse = linalg.inv(cholesky[k]);
            var whitened = (x - means[k]).matmul(inverse.T);
            var logDeterminant = 2 * cholesky[k].diagonal().log().sum();
            columns.Add(weights[k].log() - 0.5 * (d * Math.Log(2 * Math.PI) + logDeterminant + whitened.square().sum(1)));
        }
        return stack(columns, 1);
    }

    static Tensor Covariance(Tensor x)
    {
        var centred = x - x.mean([0]);
        return centred.T.matmul(centred) / x.shape[0];
    }

    public void Dispose()
    {
        Weights.Dispose();
        Means.Dispose();
        Covariances.Dispose();
        choleskyFactors.Dispose();
    }
}
