using Aae.Priors;
using static TorchSharp.torch;

namespace Aae.Evaluation;

/// <summary>How well the prior's components separate the classes.</summary>
public static class ModeAccuracy
{
    /// <summary>Fraction of codes on the component of their own class (component k stands for class k, as with labels).</summary>
    public static double Supervised(IPrior prior, Tensor codes, Tensor labels)
    {
        using var components = prior.ComponentOf(codes);
        using var hits = components.eq(labels).sum();
        return hits.ToInt64() / (double)codes.shape[0];
    }

    /// <summary>Fraction of codes whose component's majority class is their class (cluster accuracy).</summary>
    public static double Unsupervised(IPrior prior, Tensor codes, Tensor labels)
    {
        using var scope = NewDisposeScope();
        int classes = (int)labels.max().ToInt64() + 1;
        var components = prior.ComponentOf(codes);
        var counts = zeros([prior.ComponentCount, classes], ScalarType.Int64);
        counts.index_put_(ones_like(components), [components, labels], accumulate: true);
        return counts.max(1).values.sum().ToInt64() / (double)codes.shape[0];
    }
}
