using Aae.Config;

namespace Aae.Families.Aae;

/// <summary>The settings every family with one code discriminator shares (the AAE and the supervised AAE).</summary>
public abstract record AdversarialOptions : FamilyOptions
{
    /// <summary>Weight λ of the adversarial terms against the reconstruction error.</summary>
    public double Lambda { get; init; } = 0.1;

    /// <summary>
    /// False (the study): the autoencoder minimises reconstruction + λ·fooling. True: λ is relative,
    /// the fooling gradient at the codes is rescaled to λ times the reconstruction gradient's size.
    /// </summary>
    public bool AdaptiveLambda { get; init; }

    /// <summary>
    /// Weight γ of the discriminator's zero-centred gradient penalty between prior samples and codes:
    /// it keeps a discriminator in many dimensions from separating the codes with ever steeper
    /// logits, whose gradient would swamp the reconstruction. 0 turns it off (the study's setup).
    /// </summary>
    public double GradientPenalty { get; init; }

    public override void Validate(RunConfig config)
    {
        Check.That(Lambda >= 0, $"--lambda must not be negative (got {Lambda})");
        Check.That(GradientPenalty >= 0, $"--gradient-penalty must not be negative (got {GradientPenalty})");
    }

    /// <summary>The command-line entries of these settings, for a family whose options derive from this record.</summary>
    public static IReadOnlyList<Setting> SharedSettings<TOptions>() where TOptions : AdversarialOptions =>
    [
        FamilySetting.Of<TOptions, double>("--lambda", "weight λ of the adversarial terms (the discriminator's and the fooling loss) against the reconstruction error",
            o => o.Lambda, (o, v) => o with { Lambda = v }),
        FamilySetting.Of<TOptions, bool>("--adaptive-lambda", "true: λ scales the fooling gradient relative to the reconstruction gradient at the codes; false: loss = reconstruction + λ·fooling (the study)",
            o => o.AdaptiveLambda, (o, v) => o with { AdaptiveLambda = v }),
        FamilySetting.Of<TOptions, double>("--gradient-penalty", "weight γ of the discriminator's gradient penalty between prior and codes (0 = off)",
            o => o.GradientPenalty, (o, v) => o with { GradientPenalty = v }),
    ];
}
