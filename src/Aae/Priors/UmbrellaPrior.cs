using static TorchSharp.torch;

namespace Aae.Priors;

/// <summary>
/// The study's 2-D "umbrella": equally weighted Gaussians with means on a circle at angles 2πk/K,
/// each elongated along its radius, covariance R(θ)·diag(long²/2, short²/2)·R(θ)ᵀ.
/// </summary>
public sealed class UmbrellaPrior : IPrior
{
    readonly Tensor means;   // [K, 2]
    readonly Tensor radial;  // [K, 2]: unit vectors along each component's long axis
    readonly Tensor tangent; // [K, 2]
    readonly double longSd, shortSd, radius;

    public UmbrellaPrior(int components = 10, double radius = 2.0, double longAxis = 0.75, double shortAxis = 0.25)
    {
        ComponentCount = components;
        this.radius = radius;
        longSd = longAxis / Math.Sqrt(2);
        shortSd = shortAxis / Math.Sqrt(2);
        var angles = arange(components, dtype: ScalarType.Float64) * (2 * Math.PI / components);
        radial = stack([angles.cos(), angles.sin()], 1).to_type(ScalarType.Float32);
        tangent = stack([-angles.sin(), angles.cos()], 1).to_type(ScalarType.Float32);
        means = radial * (float)radius;
    }

    public int Dimensions => 2;
    public int ComponentCount { get; }

    public Tensor Sample(Tensor components, Generator generator)
    {
        using var scope = NewDisposeScope();
        var noise = randn([components.shape[0], 2], generator: generator);
        var along = noise[.., 0..1] * (float)longSd;
        var across = noise[.., 1..2] * (float)shortSd;
        var sample = means[components] + along * radial[components] + across * tangent[components];
        return sample.MoveToOuterDisposeScope();
    }

    /// <summary>Along the component's radius, from 0.75 to 1.75 times the circle's (1.5 to 3.5 by default).</summary>
    public Tensor? ComponentPath(int component, int steps)
    {
        using var scope = NewDisposeScope();
        var radii = linspace(0.75 * radius, 1.75 * radius, steps).unsqueeze(1);
        return (radii * radial[component].unsqueeze(0)).MoveToOuterDisposeScope();
    }

    /// <summary>The equally weighted mixture's density: log of the mean of the components' Gaussian densities.</summary>
    public Tensor LogDensity(Tensor z)
    {
        using var scope = NewDisposeScope();
        var offset = z.unsqueeze(1) - means.unsqueeze(0);               // [n, K, 2]
        var along = (offset * radial.unsqueeze(0)).sum(2) / (float)longSd;
        var across = (offset * tangent.unsqueeze(0)).sum(2) / (float)shortSd;
        var perComponent = -(along.square() + across.square()) / 2 - (float)Math.Log(2 * Math.PI * longSd * shortSd);
        return (perComponent.logsumexp(1) - (float)Math.Log(ComponentCount)).MoveToOuterDisposeScope();
    }

    /// <summary>Components have equal weight, so the most likely one has the highest density.</summary>
    public Tensor ComponentOf(Tensor z)
    {
        using var scope = NewDisposeScope();
        var offset = z.unsqueeze(1) - means.unsqueeze(0);               // [n, K, 2]
        var along = (offset * radial.unsqueeze(0)).sum(2) / (float)longSd;
        var across = (offset * tangent.unsqueeze(0)).sum(2) / (float)shortSd;
        var logDensity = -(along.square() + across.square()) / 2;      // shared normaliser dropped
        return logDensity.argmax(1).MoveToOuterDisposeScope();
    }
}
