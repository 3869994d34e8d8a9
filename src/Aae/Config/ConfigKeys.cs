using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aae.Families;
using Aae.Runs;

namespace Aae.Config;

/// <summary>
/// Where each command-line setting lives in config.json ("--latent-size" is prior.latent_size),
/// found by changing the setting and seeing which key changes: the settings stay the one source of
/// truth. A value read from config.json that fails validation is named by its key, not by an option.
/// </summary>
public static partial class ConfigKeys
{
    static readonly Lazy<Dictionary<string, string>> keys = new(FindKeys);

    /// <summary>The config.json key of <paramref name="option"/>, or null for an option with no single key.</summary>
    public static string? Of(string option) => keys.Value.GetValueOrDefault(option);

    /// <summary>Validates a configuration read from <paramref name="path"/>: a failure names the file and its keys.</summary>
    public static void ValidateStored(RunConfig config, string path)
    {
        try
        {
            config.Validate();
        }
        catch (AaeException e)
        {
            var message = Option().Replace(e.Message, match => Of(match.Value) ?? match.Value);
            throw new AaeException($"{path}: {message}", e);
        }
    }

    [GeneratedRegex("--[a-z][a-z0-9-]*")]
    private static partial Regex Option();

    static Dictionary<string, string> FindKeys()
    {
        var found = new Dictionary<string, string>();
        foreach (var family in ModelFamilies.All)
        {
            var config = new RunConfig { Family = family.DefaultOptions() };
            var before = JsonSerializer.SerializeToNode(config, Json.Options)!;
            foreach (var setting in Settings.For(family.Name).Where(s => s.Name != "--family" && !found.ContainsKey(s.Name)))
            {
                if (Changed(setting.ValueIn(config)) is not { } value) continue;
                var after = JsonSerializer.SerializeToNode(setting.Apply(config, value), Json.Options)!;
                var differences = new List<string>();
                Differences(before, after, "", differences);
                if (differences.Count == 1) found[setting.Name] = differences[0];
            }
        }
        return found;
    }

    static object? Changed(object? value) => value switch
    {
        int i => i + 1,
        long l => l + 1,
        double d => d + 1.5,
        bool b => !b,
        string s => s + "~",
        int[] sizes => (int[])[.. sizes, 7],
        _ => null,
    };

    static void Differences(JsonNode? before, JsonNode? after, string path, List<string> differences)
    {
        if (before is JsonObject a && after is JsonObject b)
        {
            foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)))
                Differences(a[key], b[key], path.Length == 0 ? key : $"{path}.{key}", differences);
        }
        else if (!JsonNode.DeepEquals(before, after))
        {
            differences.Add(path);
        }
    }
}
