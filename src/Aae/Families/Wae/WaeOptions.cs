using Aae.Config;

namespace Aae.Families.Wae;

/// <summary>WAE-MMD's one setting: the weight of its MMD penalty.</summary>
public sealed record WaeOptions : FamilyOptions
{
    public override string Name => "wae";

    /// <summary>Weight λ of the MMD between codes and prior samples against the squared distance per image (10: the WAE paper's MNIST value).</summary>
    public double Lambda { get; init; } = 10;

    public override void Validate(RunConfig config) =>
        Check.That(Lambda >= 0, $"--lambda must not be negative (got {Lambda})");

    public static IReadOnlyList<Setting> Settings { get; } =
    [
        FamilySetting.Of<WaeOptions, double>("--lambda", "weight λ of the MMD penalty between codes and prior samples against the squared distance per image",
            o => o.Lambda, (o, v) => o with { Lambda = v }),
    ];
}
