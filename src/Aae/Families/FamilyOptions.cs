using System.Text.Json.Serialization;
using Aae.Config;

namespace Aae.Families;

/// <summary>
/// A model family's own settings (config.json's "family" section: its name, then these). Each family
/// declares a record deriving from this one in its folder, with defaults, checks and its
/// command-line entries (<see cref="FamilyDescriptor.Settings"/>); shared settings live in RunConfig's other sections.
/// </summary>
public abstract record FamilyOptions
{
    /// <summary>The family's name (config.json's family.name, --family).</summary>
    [JsonIgnore]
    public abstract string Name { get; }

    /// <summary>Checks values a user can get wrong (with the rest of <paramref name="config"/> for cross-section rules); throws naming the setting.</summary>
    public virtual void Validate(RunConfig config) { }
}

/// <summary>Builds the command-line entries of a family's options (<see cref="Setting"/>s that read and write its record).</summary>
public static class FamilySetting
{
    public static Setting<T> Of<TOptions, T>(string name, string description, Func<TOptions, T> get, Func<TOptions, T, TOptions> set)
        where TOptions : FamilyOptions =>
        new(name, description, c => get(Options<TOptions>(c, name)), (c, v) => c with { Family = set(Options<TOptions>(c, name), v) });

    static TOptions Options<TOptions>(RunConfig config, string setting) where TOptions : FamilyOptions =>
        config.Family as TOptions ?? throw new AaeException($"{setting} is not a setting of {config.Family.Name}");
}
