using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aae.Runs;

/// <summary>One JSON style for every file of a run folder: snake_case, indented.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new FamilyOptionsConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads <paramref name="path"/>; a missing or malformed file is a user-facing error naming it.</summary>
    public static T Read<T>(string path)
    {
        if (!File.Exists(path)) throw new AaeException($"{path}: not found");
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options)
                   ?? throw new AaeException($"{path}: empty JSON document");
        }
        catch (JsonException e)
        {
            throw new AaeException($"{path}: malformed JSON ({e.Message.Split('\n')[0]})");
        }
    }
}
