using Aae.Config;
using Aae.Families.Aae;

namespace Aae.Families.SupervisedAae;

/// <summary>The supervised AAE: the AAE's adversarial weights, and whether the discriminator sees each style with its class.</summary>
public sealed record SupervisedAaeOptions : AdversarialOptions
{
    public override string Name => "supervised-aae";

    /// <summary>
    /// The discriminator sees each code beside its label, prior samples beside the same labels, so
    /// every class's codes must match the prior on their own: the style code cannot carry the class.
    /// False: the paper's model, whose discriminator sees codes alone.
    /// </summary>
    public bool StylePerClass { get; init; }

    public static IReadOnlyList<Setting> Settings { get; } =
    [
        .. SharedSettings<SupervisedAaeOptions>(),
        FamilySetting.Of<SupervisedAaeOptions, bool>("--style-per-class", "the discriminator sees each style code with its label, so no class can keep codes of its own",
            o => o.StylePerClass, (o, v) => o with { StylePerClass = v }),
    ];
}
