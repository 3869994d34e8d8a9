using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Aae.Families;

namespace Aae.Runs;

/// <summary>
/// config.json's "family" section: {"name": ..., then the family's own options}. Reads the name
/// first and the rest as that family's options record; keys another family (or an older Aae, when
/// every family's settings were in one record) wrote are ignored.
/// </summary>
sealed class FamilyOptionsConverter : JsonConverter<FamilyOptions>
{
    public override FamilyOptions Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var node = JsonNode.Parse(ref reader) as JsonObject ?? throw new JsonException("the family section is not an object");
        var name = node["name"]?.GetValue<string>() ?? "aae";  // runs from before families had names were AAEs
        var descriptor = ModelFamilies.All.FirstOrDefault(d => d.Name == name)
            ?? throw new JsonException($"unknown model family '{name}' (known: {string.Join(", ", ModelFamilies.Names)})");
        node.Remove("name");
        return (FamilyOptions)(node.Deserialize(descriptor.OptionsType, options) ?? descriptor.DefaultOptions());
    }

    public override void Write(Utf8JsonWriter writer, FamilyOptions value, JsonSerializerOptions options)
    {
        var node = new JsonObject { ["name"] = value.Name };
        foreach (var (key, child) in JsonSerializer.SerializeToNode(value, value.GetType(), options)!.AsObject())
            node[key] = child?.DeepClone();
        node.WriteTo(writer, options);
    }
}
