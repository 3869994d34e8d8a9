using Aae.Data;
using Aae.Experiments;

namespace Aae.Runs;

/// <summary>The content of config.json: every setting plus what is needed to trust and repeat the run.</summary>
public sealed record RunInfo(
    ExperimentConfig Config,
    IReadOnlyList<DataFile> DatasetFiles,
    IReadOnlyDictionary<string, string> Versions,
    DateTime CreatedUtc)
{
    /// <summary>[C, H, W] of the images the networks take, so a model can be rebuilt without its data.</summary>
    public long[]? ImageShape { get; init; }

    public static IReadOnlyDictionary<string, string> CurrentVersions() => new Dictionary<string, string>
    {
        ["aae"] = typeof(RunInfo).Assembly.GetName().Version?.ToString() ?? "unknown",
        ["torchsharp"] = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown",
        ["libtorch"] = "2.10.0",
        ["dotnet"] = Environment.Version.ToString(),
        ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
    };
}
