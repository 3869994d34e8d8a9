using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Aae.Families.CategoricalAae;

/// <summary>
/// The AAE paper's dimensionality reduction (its section 7): the code [y, z] (category
/// probabilities, an n-d style) becomes the n-d representation W_C y + z, a learned cluster head
/// per category plus the style, and the image is drawn from that. Heads closer than the distance η
/// cost (<see cref="HeadCost"/>), which keeps the categories apart in the n-d map.
/// </summary>
public sealed class ClusterHeadDecoder : Module<Tensor, Tensor>
{
    // Learned in units of η: Adam moves a weight by about its learning rate a step whatever the
    // gradient's scale, so heads in units of 1 would need thousands of steps to get η apart.
    private readonly Parameter heads;
    private readonly Module<Tensor, Tensor> decoder;
    readonly int categories;
    readonly float distance;

    /// <param name="decoder">Draws images from n-d representations.</param>
    public ClusterHeadDecoder(int categories, int styleSize, double distance, Module<Tensor, Tensor> decoder) : base(nameof(ClusterHeadDecoder))
    {
        this.categories = categories;
        this.distance = (float)distance;
        heads = Parameter(randn(categories, styleSize));
        this.decoder = decoder;
        RegisterComponents();
    }

    /// <summary>The heads W_C, one row per category, in the representation's units.</summary>
    public Tensor Heads => heads * distance;

    /// <summary>W_C y + z of codes [y, z].</summary>
    public Tensor Represent(Tensor codes) =>
        matmul(codes.narrow(1, 0, categories), Heads) + codes.narrow(1, categories, codes.shape[1] - categories);

    public override Tensor forward(Tensor codes) => decoder.forward(Represent(codes));

    /// <summary>Σ over pairs of heads of max(0, η - their distance): 0 once every two heads are η apart.</summary>
    public Tensor HeadCost() => PairCost(Heads, distance);

    internal static Tensor PairCost(Tensor heads, float distance) => relu(distance - PairDistances(heads)).sum();

    /// <summary>The smallest distance between two heads.</summary>
    public double ClosestHeads()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return PairDistances(Heads).min().item<float>();
    }

    /// <summary>The distance of every pair of rows (each pair once).</summary>
    static Tensor PairDistances(Tensor heads)
    {
        long count = heads.shape[0];
        var differences = heads.unsqueeze(0) - heads.unsqueeze(1);
        // The small constant keeps the square root's gradient finite should two heads meet.
        var distances = (differences.pow(2).sum(2) + 1e-12).sqrt();
        return distances.masked_select(ones(count, count, dtype: ScalarType.Bool).triu(1));
    }
}
