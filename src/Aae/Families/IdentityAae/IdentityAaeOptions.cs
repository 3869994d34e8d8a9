using Aae.Config;
using Aae.Families.Aae;

namespace Aae.Families.IdentityAae;

/// <summary>The identity AAE: the AAE's adversarial weights, the identity part's size and how strongly it is taught who is who.</summary>
public sealed record IdentityAaeOptions : AdversarialOptions
{
    public override string Name => "identity-aae";

    /// <summary>Leading code dimensions that hold the identity; the rest is the style.</summary>
    public int IdentitySize { get; init; } = 64;

    /// <summary>Weight of the contrastive identity loss against the reconstruction error.</summary>
    public double IdentityWeight { get; init; } = 0.01;

    /// <summary>Temperature of the contrastive loss's softmax over cosine similarities.</summary>
    public double Temperature { get; init; } = 0.1;

    /// <summary>
    /// Weight of the style-independence term: how much closer an image's style sits to its partner's
    /// (another photo of the same person) than to other people's, penalised. 0 leaves it out.
    /// </summary>
    public double StyleIndependence { get; init; }

    /// <summary>
    /// Weight of the style adversary: a network learns to tell from two styles whether they show one
    /// person, and the encoder learns to leave it unsure. 0 leaves it out.
    /// </summary>
    public double StyleAdversary { get; init; }

    public override void Validate(RunConfig config)
    {
        base.Validate(config);
        Check.That(IdentitySize >= 1 && IdentitySize < config.Prior.LatentSize,
            $"--identity-size must be at least 1 and below --latent-size {config.Prior.LatentSize}, leaving room for the style (got {IdentitySize})");
        Check.That(IdentityWeight >= 0, $"--identity-weight must not be negative (got {IdentityWeight})");
        Check.That(StyleIndependence >= 0, $"--style-independence must not be negative (got {StyleIndependence})");
        Check.That(StyleAdversary >= 0, $"--style-adversary must not be negative (got {StyleAdversary})");
        Check.That(Temperature is > 0 and <= 10, $"--temperature must be above 0 and at most 10 (got {Temperature})");
        Check.That(config.Prior.Kind == "gaussian", "the identity AAE matches its codes to a Gaussian prior (--prior gaussian)");
    }

    public static IReadOnlyList<Setting> Settings { get; } =
    [
        .. SharedSettings<IdentityAaeOptions>(),
        FamilySetting.Of<IdentityAaeOptions, int>("--identity-size", "leading code dimensions that hold who is shown (the rest holds how: pose, light, background)",
            o => o.IdentitySize, (o, v) => o with { IdentitySize = v }),
        FamilySetting.Of<IdentityAaeOptions, double>("--identity-weight", "weight of the contrastive identity loss (two images of one person close, of two people apart) against the reconstruction error",
            o => o.IdentityWeight, (o, v) => o with { IdentityWeight = v }),
        FamilySetting.Of<IdentityAaeOptions, double>("--temperature", "temperature of the identity loss's softmax over cosine similarities",
            o => o.Temperature, (o, v) => o with { Temperature = v }),
        FamilySetting.Of<IdentityAaeOptions, double>("--style-independence", "weight of a penalty on a style code that sits closer to another photo of the same person than to other people's (0: none)",
            o => o.StyleIndependence, (o, v) => o with { StyleIndependence = v }),
        FamilySetting.Of<IdentityAaeOptions, double>("--style-adversary", "weight of an adversary on the style code: a network learns to tell whether two styles show one person, the encoder to leave it unsure (0: none)",
            o => o.StyleAdversary, (o, v) => o with { StyleAdversary = v }),
    ];
}
