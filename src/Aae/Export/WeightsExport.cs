using Aae.Families;
using Aae.Runs;

namespace Aae.Export;

/// <summary>Writes a trained model's weights for PyTorch (see <see cref="TorchNames"/>), with a JSON sidecar describing them.</summary>
public static class WeightsExport
{
    // The run folder's JSON style, with the naming scheme's quotes left readable.
    static readonly System.Text.Json.JsonSerializerOptions SidecarJson =
        new(Json.Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Where an export goes unless told: &lt;run&gt;/export/weights&lt;extension&gt;.</summary>
    public static string DefaultPath(RunFolder run, string extension) => Path.Combine(run.Path, "export", "weights" + extension);

    /// <summary>Writes <paramref name="model"/>'s weights to <paramref name="path"/> and the sidecar beside it; returns both paths.</summary>
    public static (string Weights, string Sidecar) Write(TrainedModel model, string path, WeightsFormat format) =>
        Write(model.Family, model.Info, path, format, model.Run.Path);

    /// <param name="info">The run's config.json content (configuration, image shape, class count) for the sidecar.</param>
    /// <param name="sourceRun">The run folder the weights came from, when there is one.</param>
    public static (string Weights, string Sidecar) Write(ModelFamily family, RunInfo info, string path, WeightsFormat format, string? sourceRun = null)
    {
        path = Path.GetFullPath(path);
        if (Directory.Exists(path)) throw new AaeException($"{path}: is a folder; --out names the weights file");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AaeException($"{path}: cannot create its folder ({e.Message})");
        }
        var sidecar = WeightsSidecar.Describe(family, info, format, path, sourceRun);
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",  // what Hugging Face's loaders look for: the tensors are PyTorch's
            ["aae_preset"] = sidecar.Preset,
            ["aae_family"] = sidecar.Family,
            ["aae_architecture"] = sidecar.Architecture,
            ["aae_latent_size"] = sidecar.LatentSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        format.Write(path, TorchStateDict.Of(family.Networks), metadata);
        var sidecarPath = WeightsSidecar.PathFor(path);
        AtomicFile.WriteAllText(sidecarPath, System.Text.Json.JsonSerializer.Serialize(sidecar, SidecarJson));
        return (path, sidecarPath);
    }
}
