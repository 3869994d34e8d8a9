using Aae.Config;

namespace Aae.Families.Aae;

/// <summary>The study's AAE: the adversarial weights, and whether the discriminator sees labels.</summary>
public sealed record AaeOptions : AdversarialOptions
{
    public override string Name => "aae";

    /// <summary>Show label information to the discriminator (one-hot over classes + "unlabelled").</summary>
    public bool UseLabels { get; init; }

    /// <summary>With labels: the fraction of each batch that carries its label.</summary>
    public double LabelledFraction { get; init; } = 0.2;

    public override void Validate(RunConfig config)
    {
        base.Validate(config);
        Check.That(LabelledFraction is >= 0 and <= 1, $"--labelled must be between 0 and 1 (got {LabelledFraction})");
        Check.That(!UseLabels || config.Prior.Kind != "gaussian", "--labels needs a prior with one component per class (umbrella or swiss-roll)");
    }

    public static IReadOnlyList<Setting> Settings { get; } =
    [
        .. SharedSettings<AaeOptions>(),
        FamilySetting.Of<AaeOptions, bool>("--labels", "show label information to the discriminator (each labelled code sits on its class's prior component)",
            o => o.UseLabels, (o, v) => o with { UseLabels = v }),
        FamilySetting.Of<AaeOptions, double>("--labelled", "fraction of each batch that carries its label (with --labels)",
            o => o.LabelledFraction, (o, v) => o with { LabelledFraction = v }),
    ];
}
