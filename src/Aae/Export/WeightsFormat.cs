using static TorchSharp.torch;

namespace Aae.Export;

/// <summary>A file format for named tensors that PyTorch reads: safetensors or a torch.save state_dict (pt).</summary>
public sealed record WeightsFormat(
    string Name,
    string Extension,
    Action<string, IReadOnlyList<(string Name, Tensor Value)>, IReadOnlyDictionary<string, string>> Write,
    Func<string, List<(string Name, Tensor Value)>> Read)
{
    public static readonly WeightsFormat Safetensors = new("safetensors", SafetensorsFile.Extension, SafetensorsFile.Write, SafetensorsFile.Read);

    // A state_dict file has no place for metadata: the sidecar carries it.
    public static readonly WeightsFormat Pt = new("pt", PtFile.Extension, (path, tensors, _) => PtFile.Write(path, tensors), PtFile.Read);

    public static IReadOnlyList<WeightsFormat> All { get; } = [Safetensors, Pt];

    /// <summary>
    /// The format of an existing file, from its first bytes, whatever its name: torch.save writes a
    /// zip archive ("PK\x03\x04"); anything else is read as safetensors (whose reader names a foreign file).
    /// </summary>
    public static WeightsFormat Of(string path)
    {
        if (!File.Exists(path)) throw new AaeException($"{path}: no such weights file");
        Span<byte> start = stackalloc byte[4];
        int read;
        try
        {
            using var stream = File.OpenRead(path);
            read = stream.ReadAtLeast(start, 4, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AaeException($"{path}: cannot read ({e.Message})");
        }
        return read == 4 && start is [(byte)'P', (byte)'K', 3, 4] ? Pt : Safetensors;
    }
}
