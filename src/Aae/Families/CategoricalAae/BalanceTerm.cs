using static TorchSharp.torch;

namespace Aae.Families.CategoricalAae;

/// <summary>The balance term (not in the paper): how unevenly a batch spreads over the categories.</summary>
static class BalanceTerm
{
    /// <summary>
    /// KL(mean of the batch's y || uniform) = log K - entropy of the mean: 0 when every category is
    /// used equally. With a floor F, log F - entropy when positive: 0 once the batch is spread like F
    /// equally used categories or more.
    /// </summary>
    public static Tensor Loss(Tensor categories, float floor = 0)
    {
        var mean = categories.mean([0]);
        var entropy = -(mean * mean.clamp_min(1e-12).log()).sum();
        return floor > 0 ? (MathF.Log(floor) - entropy).clamp_min(0) : MathF.Log(categories.shape[1]) - entropy;
    }
}
