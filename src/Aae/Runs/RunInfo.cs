using System.Text.Json;
using System.Text.Json.Nodes;
using Aae.Config;
using Aae.Data;

namespace Aae.Runs;

/// <summary>The content of config.json: every setting plus what is needed to trust and repeat the run.</summary>
public sealed record RunInfo(
    RunConfig Config,
    IReadOnlyList<DataFile> DatasetFiles,
    IReadOnlyDictionary<string, string> Versions,
    DateTime CreatedUtc)
{
    /// <summary>[C, H, W] of the images the networks take, so a model can be rebuilt without its data.</summary>
    public long[]? ImageShape { get; init; }

    /// <summary>Classes of the training data (a supervised decoder's one-hot size), so a model can be rebuilt without its data.</summary>
    public int? ClassCount { get; init; }

    public static IReadOnlyDictionary<string, string> CurrentVersions() => new Dictionary<string, string>
    {
        ["aae"] = typeof(RunInfo).Assembly.GetName().Version?.ToString() ?? "unknown",
        ["torchsharp"] = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown",
        ["libtorch"] = "2.10.0",
        ["dotnet"] = Environment.Version.ToString(),
        ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
    };

    /// <summary>Reads config.json, of this version or of runs written before settings had sections.</summary>
    public static RunInfo Read(string path)
    {
        var node = Json.Read<JsonObject>(path);
        if (node["config"] is not JsonObject config) throw new AaeException($"{path}: has no \"config\" section");
        try
        {
            if (config["training"] is null)
                node["config"] = JsonSerializer.SerializeToNode(config.Deserialize<LegacyConfig>(Json.Options)!.ToRunConfig(), Json.Options);
            MoveFamilyKeysOutOfTraining(node["config"]!.AsObject());
            return node.Deserialize<RunInfo>(Json.Options) ?? throw new AaeException($"{path}: empty JSON document");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new AaeException($"{path}: unreadable run configuration ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>
    /// Runs written before families had their own options kept a family's learning rates (the
    /// categorical AAE's phase rates) in "training": keys training does not know move to "family".
    /// </summary>
    static void MoveFamilyKeysOutOfTraining(JsonObject config)
    {
        if (config["training"] is not JsonObject training || config["family"] is not JsonObject family) return;
        var known = typeof(TrainingSettings).GetProperties().Select(p => Json.Options.PropertyNamingPolicy!.ConvertName(p.Name)).ToHashSet();
        foreach (var key in training.Select(p => p.Key).Where(k => !known.Contains(k)).ToList())
        {
            var value = training[key];
            training.Remove(key);
            if (family[key] is null) family[key] = value;
        }
    }
}
