using System.Text.Json;

namespace Aae.Evaluation;

/// <summary>
/// The content of metrics.json: named numbers, in the order they were added. Which ones a run has
/// depends on what its model and data can do (see <see cref="RunEvaluation"/>), so the names are open.
/// </summary>
public sealed class Metrics
{
    readonly List<KeyValuePair<string, double>> values = [];

    public IReadOnlyList<KeyValuePair<string, double>> Values => values;

    public void Add(string name, double value) => values.Add(new(name, value));

    /// <summary>The value called <paramref name="name"/>, or null when the run has none.</summary>
    public double? this[string name] => values.FirstOrDefault(v => v.Key == name) is { Key: not null } found ? found.Value : null;

    /// <summary>Reads a run's metrics.json.</summary>
    public static Metrics Read(string path)
    {
        var metrics = new Metrics();
        foreach (var (name, value) in Runs.Json.Read<Dictionary<string, double>>(path)) metrics.Add(name, value);
        return metrics;
    }

    public string ToJson()
    {
        var document = values.ToDictionary(v => v.Key, v => v.Value);
        return JsonSerializer.Serialize(document, Runs.Json.Options);
    }
}
