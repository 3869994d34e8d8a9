using static TorchSharp.torch;

namespace Aae.Priors;

/// <summary>
/// The AAE paper's swiss roll in 2-D: a spiral cut into K equal stretches, one per component,
/// with a little Gaussian noise around the curve.
/// </summary>
public sealed class SwissRollPrior : IPrior
{
    readonly double noiseSd;
    readonly Tensor curve;          // [M, 2] points along the whole roll
    readonly Tensor curveComponent; // [M] the component of each point

    public SwissRollPrior(int components = 10, double noise = 0.05)
    {
        ComponentCount = components;
        noiseSd = noise;
        const int points = 2000;
        var position = (arange(points, dtype: ScalarType.Float32) + 0.5f) / points;
        curve = PointAt(position);
        curveComponent = (position * components).floor().to_type(ScalarType.Int64).clamp(0, components - 1);
    }

    public int Dimensions => 2;
    public int ComponentCount { get; }

    /// <summary>The roll at position t in [0, 1]: radius and angle both grow with √t.</summary>
    static Tensor PointAt(Tensor t)
    {
        var root = t.sqrt();
        var radius = root * 3.0f;
        var angle = root * (float)(4 * Math.PI);
        return stack([radius * angle.cos(), radius * angle.sin()], 1);
    }

    public Tensor Sample(Tensor components, Generator generator)
    {
        using var scope = NewDisposeScope();
        var n = components.shape[0];
        var position = (components.to_type(ScalarType.Float32) + rand([n], generator: generator)) / ComponentCount;
        var sample = PointAt(position) + randn([n, 2], generator: generator) * (float)noiseSd;
        return sample.MoveToOuterDisposeScope();
    }

    /// <summary>Along the component's stretch of the roll.</summary>
    public Tensor? ComponentPath(int component, int steps)
    {
        using var scope = NewDisposeScope();
        var position = (linspace(0.05, 0.95, steps) + component) / ComponentCount;
        return PointAt(position).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A sample is a uniform point of the roll plus Gaussian noise, so its density is the noise's
    /// density averaged over the roll: here over its 2000 evenly spaced points.
    /// </summary>
    public Tensor LogDensity(Tensor z)
    {
        using var scope = NewDisposeScope();
        var squared = cdist(z, curve).square() / (float)(noiseSd * noiseSd);
        var perPoint = squared * -0.5f - (float)Math.Log(2 * Math.PI * noiseSd * noiseSd);
        return (perPoint.logsumexp(1) - (float)Math.Log(curve.shape[0])).MoveToOuterDisposeScope();
    }

    /// <summary>The component of the nearest point on the curve.</summary>
    public Tensor ComponentOf(Tensor z)
    {
        using var scope = NewDisposeScope();
        var nearest = cdist(z, curve).argmin(1);
        return curveComponent[nearest].MoveToOuterDisposeScope();
    }
}
