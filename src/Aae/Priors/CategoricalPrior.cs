using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aae.Priors;

/// <summary>
/// The categorical AAE's prior over [y, z]: y a one-hot drawn from Cat(K) (the component), z a
/// style drawn from N(0, sd² I). Its samples are what the decoder takes.
/// </summary>
public sealed class CategoricalPrior(int categories, int styleSize, double styleSd = 1.0) : IPrior
{
    public int Categories => categories;
    public int StyleSize => styleSize;
    public int Dimensions => categories + styleSize;
    public int ComponentCount => categories;

    public Tensor Sample(Tensor components, Generator generator) =>
        cat([OneHot(components), SampleStyles(components.shape[0], generator)], 1);

    public Tensor SampleStyles(long count, Generator generator) =>
        randn([count, styleSize], generator: generator).mul_(styleSd);

    public Tensor OneHot(Tensor components) => one_hot(components, categories).to_type(ScalarType.Float32);

    /// <summary>A category is a one-hot, not a point of a continuous space: no density over codes [y, z].</summary>
    public Tensor LogDensity(Tensor z) => throw new AaeException("the categorical prior has no density over its codes (its categories are one-hots)");

    /// <summary>The category with the largest probability in each row's y part.</summary>
    public Tensor ComponentOf(Tensor codes) => codes.narrow(1, 0, categories).argmax(1);

    /// <summary>The category's one-hot with the style walking from -2 sd to 2 sd along its first axis.</summary>
    public Tensor? ComponentPath(int component, int steps)
    {
        var styles = zeros(steps, styleSize);
        styles.select(1, 0).copy_(linspace(-2 * styleSd, 2 * styleSd, steps));
        return cat([OneHot(full([steps], component, ScalarType.Int64)), styles], 1);
    }
}
