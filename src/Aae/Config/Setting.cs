using System.Globalization;

namespace Aae.Config;

/// <summary>
/// One user-facing setting of <see cref="RunConfig"/>: its option name, what it means, how to read
/// its value from a config (the default a preset gives it) and how to set it. The command line and
/// its help are derived from <see cref="Settings.Shared"/> and each family's list, so a new setting is a property and one entry.
/// </summary>
public abstract record Setting(string Name, string Description)
{
    /// <summary>The value in <paramref name="config"/>, as text for help ("45", "256,64", "true").</summary>
    public abstract string Show(RunConfig config);

    public abstract Type ValueType { get; }

    /// <summary>The value in <paramref name="config"/>, as its own type.</summary>
    public abstract object? ValueIn(RunConfig config);

    /// <summary>Applies a value already parsed into <see cref="ValueType"/>.</summary>
    public abstract RunConfig Apply(RunConfig config, object value);

    protected static string Format(object? value) => value switch
    {
        null => "none",
        bool b => b ? "true" : "false",
        int[] { Length: 0 } => "none",
        int[] sizes => string.Join(",", sizes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

public sealed record Setting<T>(string Name, string Description, Func<RunConfig, T> Get, Func<RunConfig, T, RunConfig> Set)
    : Setting(Name, Description)
{
    public override string Show(RunConfig config) => Format(Get(config));
    public override Type ValueType => typeof(T);
    public override object? ValueIn(RunConfig config) => Get(config);
    public override RunConfig Apply(RunConfig config, object value) => Set(config, (T)value);
}
