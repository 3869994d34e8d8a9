using Aae.Config;
using Aae.Priors;

namespace Aae.Families;

/// <summary>
/// What the rest of Aae knows of a family before it has one: its name, its options (their type,
/// defaults and command-line entries), its presets, and how to build it. Each family's folder
/// declares one; <see cref="ModelFamilies"/> lists them.
/// </summary>
public sealed record FamilyDescriptor(
    string Name,
    string Description,
    Type OptionsType,
    Func<FamilyOptions> DefaultOptions,
    IReadOnlyList<Setting> Settings,
    FamilyDescriptor.Builder Build)
{
    /// <param name="imageShape">[C, H, W] of the images.</param>
    /// <param name="classCount">Classes of the training data (0 when unknown).</param>
    public delegate ModelFamily Builder(RunConfig config, IPrior prior, long[] imageShape, int classCount);

    /// <summary>The named experiments of this family (aae run &lt;preset&gt;).</summary>
    public IReadOnlyList<Presets.Preset> Presets { get; init; } = [];
}
