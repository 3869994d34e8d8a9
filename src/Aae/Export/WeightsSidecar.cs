using Aae.Config;
using Aae.Families;
using Aae.Runs;

namespace Aae.Export;

/// <summary>
/// The JSON written beside exported weights (&lt;weights file&gt;.json): what the networks are, so a
/// PyTorch user can build matching ones, and the run's whole configuration, so
/// <c>aae import --config</c> can rebuild them.
/// </summary>
public sealed record WeightsSidecar(
    string Format,
    string Weights,
    string? SourceRun,
    string Preset,
    string Family,
    string Architecture,
    int LatentSize,
    int CodeSize,
    long[] ImageShape,
    int ClassCount,
    string Names,
    IReadOnlyDictionary<string, long[]> Tensors,
    RunConfig Config)
{
    public const string NamingScheme =
        "each network (encoder, decoder, discriminator, ...) as the nn.Sequential of bench/reference_aae.py's mnist_models " +
        "(architecture mlp) or faces_models (conv64) names its tensors, prefixed with the network's name: encoder.0.weight, " +
        "decoder.4.bias, encoder.1.running_mean, ...; enc.load_state_dict({k[8:]: v for k, v in weights.items() if k.startswith('encoder.')})";

    /// <summary>The sidecar's path: the weights file's with ".json" added (weights.safetensors.json), so exports in two formats keep one each.</summary>
    public static string PathFor(string weightsPath) => weightsPath + ".json";

    public static WeightsSidecar Describe(ModelFamily family, RunInfo info, WeightsFormat format, string weightsPath, string? sourceRun) =>
        new(format.Name, Path.GetFileName(weightsPath), sourceRun, info.Config.Preset, info.Config.Family.Name,
            info.Config.Networks.Architecture, info.Config.Prior.LatentSize, family.Prior.Dimensions,
            info.ImageShape ?? [], info.ClassCount ?? 0, NamingScheme,
            TorchStateDict.Of(family.Networks).ToDictionary(t => t.Name, t => t.Value.shape), info.Config);
}
