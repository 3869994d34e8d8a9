using Aae.Config;

namespace Aae.Families.Vae;

/// <summary>The VAE's one setting: β, the weight of the KL term (1: Kingma and Welling's ELBO).</summary>
public sealed record VaeOptions : FamilyOptions
{
    public override string Name => "vae";

    /// <summary>Weight β of KL(q(z|x) || p(z)) against the reconstruction's negative log-likelihood (β-VAE when not 1).</summary>
    public double Beta { get; init; } = 1;

    public override void Validate(RunConfig config) =>
        Check.That(Beta >= 0, $"--beta must not be negative (got {Beta})");

    public static IReadOnlyList<Setting> Settings { get; } =
    [
        FamilySetting.Of<VaeOptions, double>("--beta", "weight β of the KL divergence from the prior against the reconstruction's negative log-likelihood (1 = the ELBO)",
            o => o.Beta, (o, v) => o with { Beta = v }),
    ];
}
