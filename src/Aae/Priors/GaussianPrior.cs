using static TorchSharp.torch;

namespace Aae.Priors;

/// <summary>The standard normal N(0, I).</summary>
public sealed class GaussianPrior(int dimensions, double standardDeviation = 1.0) : IPrior
{
    public int Dimensions => dimensions;
    public int ComponentCount => 1;

    public Tensor Sample(Tensor components, Generator generator) =>
        randn([components.shape[0], dimensions], generator: generator).mul_(standardDeviation);

    public Tensor ComponentOf(Tensor z) => zeros([z.shape[0]], ScalarType.Int64);

    public Tensor LogDensity(Tensor z) =>
        (z / (float)standardDeviation).square().sum(1).mul(-0.5f) - (float)(dimensions * (Math.Log(standardDeviation) + 0.5 * Math.Log(2 * Math.PI)));

    public Tensor? ComponentPath(int component, int steps) => null;
}
