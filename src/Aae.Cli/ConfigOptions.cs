using Aae.Studies;
using System.CommandLine;
using System.Globalization;
using Aae.Config;
using Aae.Experiments;

namespace Aae.Cli;

/// <summary>
/// The command-line options of `run`, one per shared setting and one per setting of the run's family
/// (<see cref="Settings.For"/>): names and
/// descriptions come from there, and each help line shows the value the chosen preset (or
/// --config file) gives it. A given option overrides that value.
/// </summary>
sealed class ConfigOptions
{
    readonly List<(Setting Setting, Option<string?> Option)> options = [];

    /// <param name="defaults">The configuration whose values the help shows, and <paramref name="source"/> its name.</param>
    public ConfigOptions(RunConfig defaults, string source)
    {
        foreach (var setting in Settings.For(defaults.Family.Name))
        {
            var option = new Option<string?>(setting.Name)
            {
                Description = $"{setting.Description} ({source}: {setting.Show(defaults)})",
                HelpName = HelpName(setting.ValueType),
            };
            // A bare boolean flag means true ("--labels" as "--labels true").
            if (setting.ValueType == typeof(bool)) option.Arity = ArgumentArity.ZeroOrOne;
            options.Add((setting, option));
        }
    }

    public IEnumerable<Option> All => options.Select(o => o.Option);

    /// <summary><paramref name="config"/> with every given option applied, in the table's order.</summary>
    public RunConfig Apply(RunConfig config, ParseResult result)
    {
        foreach (var (setting, option) in options)
            if (Given(result, setting, option) is { } value) config = setting.Apply(config, value);
        return config;
    }

    /// <summary>The parsed value of the option called <paramref name="name"/>, or null when it was not given.</summary>
    public T? Value<T>(ParseResult result, string name) where T : struct
    {
        var (setting, option) = options.First(o => o.Setting.Name == name);
        return Given(result, setting, option) is { } value ? (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture) : null;
    }

    /// <summary>The CNN's settings with the options that apply to it (epochs, batch size, learning rate, seed, threads, limit).</summary>
    public CnnConfig ApplyCnn(CnnConfig config, ParseResult result) => config with
    {
        Epochs = Value<int>(result, "--epochs") ?? config.Epochs,
        BatchSize = Value<int>(result, "--batch-size") ?? config.BatchSize,
        LearningRate = Value<double>(result, "--lr") ?? config.LearningRate,
        Seed = Value<long>(result, "--seed") ?? config.Seed,
        Threads = Value<int>(result, "--threads") ?? config.Threads,
        Limit = Value<int>(result, "--limit") ?? config.Limit,
    };

    /// <summary>The generative study's options from the run options it shares with a run (--epochs, --limit, --validation, --threads, --latent-size as the one code size).</summary>
    public GenerativeStudy.Options ApplyGenerative(GenerativeStudy.Options options, ParseResult result) => options with
    {
        Epochs = Value<int>(result, "--epochs") ?? options.Epochs,
        Limit = Value<int>(result, "--limit") ?? options.Limit,
        Validation = Value<int>(result, "--validation") ?? options.Validation,
        Threads = Value<int>(result, "--threads") ?? options.Threads,
        CodeSizes = Value<int>(result, "--latent-size") is { } size ? [size] : options.CodeSizes,
    };

    /// <summary>The option's value parsed as its setting's type (a bare boolean flag is true), or null when not given.</summary>
    static object? Given(ParseResult result, Setting setting, Option<string?> option) =>
        result.GetResult(option) is null ? null : Parse(setting.Name, result.GetValue(option), setting.ValueType);

    static object Parse(string name, string? text, Type type)
    {
        if (type == typeof(bool))
            return text is null || text.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
                : text.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
                : throw new UsageException($"{name}: '{text}' is not true or false");
        text ??= "";
        if (type == typeof(string)) return text;
        if (type == typeof(int) || type == typeof(int?))
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i
                : throw new UsageException($"{name}: '{text}' is not a whole number");
        if (type == typeof(long))
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l
                : throw new UsageException($"{name}: '{text}' is not a whole number");
        if (type == typeof(double))
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d
                : throw new UsageException($"{name}: '{text}' is not a number");
        if (type == typeof(int[]))
        {
            var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var sizes = new int[parts.Length];
            for (int k = 0; k < parts.Length; k++)
                if (!int.TryParse(parts[k], NumberStyles.Integer, CultureInfo.InvariantCulture, out sizes[k]) || sizes[k] < 1)
                    throw new UsageException($"{name}: '{text}' is not a comma-separated list of positive sizes");
            return sizes;
        }
        throw new InvalidOperationException($"no parser for {type.Name} ({name})");
    }

    /// <summary>What a setting's value looks like in help: true|false, N,N,..., name or value.</summary>
    internal static string HelpName(Type type) =>
        type == typeof(bool) ? "true|false" : type == typeof(int[]) ? "N,N,..." : type == typeof(string) ? "name" : "value";
}

/// <summary>A value the command line cannot parse: a usage error (exit code 2), like an unknown option.</summary>
sealed class UsageException(string message) : AaeException(message);
