using System.Text.Json;
using System.Text.Json.Nodes;
using Aae.Config;

namespace Aae.Runs;

/// <summary>A run's settings as dotted keys (training.epochs, prior.kind) with their config.json text, for comparing runs.</summary>
public static class FlatSettings
{
    /// <summary>Every setting of <paramref name="config"/>, in config.json's order; lists stay whole ("[15, 20]").</summary>
    public static IReadOnlyDictionary<string, string> Of(RunConfig config)
    {
        var flat = new Dictionary<string, string>();
        Add(flat, "", JsonSerializer.SerializeToNode(config, Json.Options));
        return flat;
    }

    static void Add(Dictionary<string, string> flat, string prefix, JsonNode? node)
    {
        if (node is JsonObject section)
        {
            foreach (var (name, child) in section) Add(flat, prefix.Length == 0 ? name : $"{prefix}.{name}", child);
            return;
        }
        flat[prefix] = node switch
        {
            null => "null",
            JsonArray list => "[" + string.Join(", ", list.Select(item => item?.ToJsonString() ?? "null")) + "]",
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => node.ToJsonString(),
        };
    }
}
