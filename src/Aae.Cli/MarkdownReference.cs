using System.CommandLine;
using System.Globalization;
using System.Text;
using Aae.Config;
using Aae.Families;

namespace Aae.Cli;

/// <summary>
/// The command and option reference as Markdown (docs/reference.md), written from the command tree
/// and the settings tables (<see cref="Settings.Shared"/> and each family's) alone, so that a new command, option or setting appears in it
/// without anyone editing the text.
/// </summary>
static class MarkdownReference
{
    public const string RegenerateCommand = "./aae help --markdown > docs/reference.md";

    /// <param name="defaults">The configuration whose values are the settings' defaults, and <paramref name="source"/> its name.</param>
    public static string Write(RootCommand root, IReadOnlyList<Setting> settings, RunConfig defaults, string source)
    {
        var text = new StringBuilder();
        var commands = Walk(root, "aae").ToList();
        var settingNames = settings.Select(s => s.Name).ToHashSet();
        // The command tree carries one family's options; each family's are listed in their own table.
        var familySettingNames = ModelFamilies.All.SelectMany(f => f.Settings).Select(s => s.Name).ToHashSet();
        // A command that takes every setting (run, import) lists them once, in the settings table.
        bool TakesSettings(Command command) => settingNames.All(name => command.Options.Any(o => o.Name == name));

        Line(text, "# Command reference");
        Line(text);
        Line(text, $"Generated from the code by `{RegenerateCommand}`; do not edit it by hand. " +
            "A test fails when this file and the code disagree.");
        Line(text);
        Line(text, Escape(root.Description!.Split("\n\n")[0]));
        Line(text);
        Line(text, "| command | what it does |");
        Line(text, "|---|---|");
        foreach (var (path, command) in commands.Skip(1).Where(c => c.Command.Subcommands.Count == 0))
            Line(text, $"| [`{path}`](#{Anchor(path)}) | {Escape(command.Description)} |");
        Line(text);
        Line(text, "## Presets");
        Line(text);
        Line(text, "| preset | what |");
        Line(text, "|---|---|");
        foreach (var (name, description) in Presets.All.Select(p => (p.Name, p.Description)).Concat(Presets.Studies))
            Line(text, $"| `{name}` | {Escape(description)} |");
        Line(text);
        var global = root.Options.Where(o => !o.Hidden).ToList();
        if (global.Count > 0)
        {
            Line(text, "## Options of every command");
            Line(text);
            OptionTable(text, global);
        }

        foreach (var (path, command) in commands.Skip(1).Where(c => c.Command.Subcommands.Count == 0))
        {
            Line(text, $"## {path}");
            Line(text);
            Line(text, Escape(command.Description));
            Line(text);
            Line(text, $"Usage: `{Usage(path, command)}`");
            Line(text);
            var arguments = command.Arguments.Where(a => !a.Hidden).ToList();
            if (arguments.Count > 0)
            {
                Line(text, "| argument | description |");
                Line(text, "|---|---|");
                foreach (var argument in arguments)
                    Line(text, $"| `{Cell(ArgumentUsage(argument))}` | {Escape(argument.Description)} |");
                Line(text);
            }
            bool takesSettings = TakesSettings(command);
            var options = command.Options.Where(o => !o.Hidden && !(takesSettings && (settingNames.Contains(o.Name) || familySettingNames.Contains(o.Name)))).ToList();
            if (options.Count > 0) OptionTable(text, options);
            if (takesSettings)
            {
                Line(text, "It also takes every [run setting](#run-settings).");
                Line(text);
            }
        }

        Line(text, "## Run settings");
        Line(text);
        var takers = commands.Where(c => TakesSettings(c.Command)).Select(c => $"`{c.Path}`").ToList();
        Line(text, $"{(takers.Count > 0 ? $"Options of {string.Join(" and ", takers)}" : "The settings of a run")}, one per entry of `Settings.Shared` (src/Aae/Config/Settings.cs), then the [settings of the run's family](#family-settings). " +
            $"Each overrides the preset's (or the --config file's) value; the default column is {source}'s, " +
            "and `./aae run <preset> --help` shows any preset's own values.");
        Line(text);
        Line(text, $"| setting | value | default ({source}) | description |");
        Line(text, "|---|---|---|---|");
        foreach (var setting in settings)
            Line(text, $"| `{setting.Name}` | `{Cell(ConfigOptions.HelpName(setting.ValueType))}` | `{Cell(setting.Show(defaults))}` | {Escape(setting.Description)} |");
        Line(text);
        Line(text, "## Family settings");
        Line(text);
        Line(text, "Each model family's own settings (its folder under src/Aae/Families/), taken by a run of that family; " +
            "the default column is the family's own default.");
        foreach (var family in ModelFamilies.All)
        {
            Line(text);
            Line(text, $"### {family.Name}");
            Line(text);
            Line(text, Escape(family.Description));
            if (family.Settings.Count == 0) continue;
            Line(text);
            Line(text, "| setting | value | default | description |");
            Line(text, "|---|---|---|---|");
            var own = defaults with { Family = family.DefaultOptions() };
            foreach (var setting in family.Settings)
                Line(text, $"| `{setting.Name}` | `{Cell(ConfigOptions.HelpName(setting.ValueType))}` | `{Cell(setting.Show(own))}` | {Escape(setting.Description)} |");
        }
        return text.ToString();
    }

    /// <summary>Every command below <paramref name="command"/>, depth first, with the words that call it.</summary>
    static IEnumerable<(string Path, Command Command)> Walk(Command command, string path)
    {
        yield return (path, command);
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
            foreach (var found in Walk(sub, $"{path} {sub.Name}"))
                yield return found;
    }

    static void OptionTable(StringBuilder text, IEnumerable<Option> options)
    {
        Line(text, "| option | value | default | description |");
        Line(text, "|---|---|---|---|");
        foreach (var option in options)
        {
            var names = string.Join(", ", new[] { option.Name }.Concat(option.Aliases.Order(StringComparer.Ordinal)).Select(n => $"`{n}`"));
            // A bare flag (--no-download) takes no value, and its default (false) says nothing.
            bool flag = option.Arity.MaximumNumberOfValues == 0 || (option.ValueType == typeof(bool) && option.HelpName is null);
            var value = flag ? "" : $"`{Cell(option.HelpName ?? $"<{option.Name.TrimStart('-', '/')}>")}`";
            var fallback = option.HasDefaultValue && !flag ? $"`{Cell(Format(option.GetDefaultValue()))}`" : "";
            Line(text, $"| {names} | {value} | {fallback} | {Escape(option.Description)} |");
        }
        Line(text);
    }

    static string Usage(string path, Command command)
    {
        var parts = new List<string> { path };
        parts.AddRange(command.Arguments.Where(a => !a.Hidden).Select(ArgumentUsage));
        if (command.Options.Any(o => !o.Hidden)) parts.Add("[options]");
        return string.Join(" ", parts);
    }

    static string ArgumentUsage(Argument argument)
    {
        var name = $"<{argument.Name}>" + (argument.Arity.MaximumNumberOfValues > 1 ? "..." : "");
        return argument.Arity.MinimumNumberOfValues == 0 ? $"[{name}]" : name;
    }

    static string Format(object? value) => value switch
    {
        null => "none",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>GitHub's heading anchor: lower case, spaces to hyphens, other punctuation dropped.</summary>
    public static string Anchor(string heading) =>
        new(heading.ToLowerInvariant().Replace(' ', '-').Where(c => char.IsLetterOrDigit(c) || c is '-' or '_').ToArray());

    /// <summary>Text inside a table cell's code span: only the column separator needs escaping.</summary>
    static string Cell(string text) => text.Replace("|", "\\|");

    /// <summary>Prose in a table cell: no Markdown or HTML meaning, one line.</summary>
    static string Escape(string? text)
    {
        var escaped = new StringBuilder();
        foreach (var c in (text ?? "").ReplaceLineEndings(" "))
            escaped.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '\\' or '|' or '*' or '_' or '`' or '[' or ']' => "\\" + c,
                _ => c.ToString(),
            });
        return escaped.ToString();
    }

    /// <summary>Lines end in \n on every system, so the committed file compares equal everywhere.</summary>
    static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');
}
