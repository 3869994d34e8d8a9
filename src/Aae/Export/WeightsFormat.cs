using Aae.Runs;
using static TorchSharp.torch;

namespace Aae.Export;

/// <summary>A file format for named tensors that PyTorch reads: safetensors or a torch.save state_dict (pt).</summary>
/// <param name="Parse">The tensors of a file's bytes (its path for messages), taking at most the given tensor bytes.</param>
public sealed record WeightsFormat(
    string Name,
    string Extension,
    Action<string, IReadOnlyList<(string Name, Tensor Value)>, IReadOnlyDictionary<string, string>> Write,
    Func<string, byte[], long, List<(string Name, Tensor Value)>> Parse)
{
    public static readonly WeightsFormat Safetensors = new("safetensors", SafetensorsFile.Extension, SafetensorsFile.Write, SafetensorsFile.Read);

    // A state_dict file has no place for metadata: the sidecar carries it.
    public static readonly WeightsFormat Pt = new("pt", PtFile.Extension, (path, tensors, _) => PtFile.Write(path, tensors), PtFile.Read);

    public static IReadOnlyList<WeightsFormat> All { get; } = [Safetensors, Pt];

    // A byte array's limit, and far beyond the weights of any network Aae builds.
    const long MaxFileBytes = int.MaxValue - 64;

    /// <summary>
    /// The tensors of a weights file, read once (it may be a pipe), in the format of its first bytes
    /// whatever its name: torch.save writes a zip archive ("PK\x03\x04"); anything else is read as
    /// safetensors, whose reader names a foreign file. The tensors may take at most <paramref name="maxTensorBytes"/>.
    /// </summary>
    public static List<(string Name, Tensor Value)> Read(string path, long maxTensorBytes)
    {
        var bytes = InputFile.ReadAllBytes(path, MaxFileBytes, "weights file");
        var format = bytes is [(byte)'P', (byte)'K', 3, 4, ..] ? Pt : Safetensors;
        return format.Parse(path, bytes, maxTensorBytes);
    }
}
