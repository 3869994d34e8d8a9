using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aae.Runs;
using static TorchSharp.torch;

namespace Aae.Export;

/// <summary>
/// The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header
/// naming each tensor's dtype, shape and byte range (plus string metadata under "__metadata__"),
/// then the tensors' raw little-endian bytes. Small enough to write here, which lets the header
/// carry metadata and a damaged file be named as such rather than read as garbage.
/// </summary>
public static class SafetensorsFile
{
    public const string Extension = ".safetensors";

    static readonly (string Name, ScalarType Type)[] DataTypes =
    [
        ("F64", ScalarType.Float64), ("F32", ScalarType.Float32), ("F16", ScalarType.Float16), ("BF16", ScalarType.BFloat16),
        ("I64", ScalarType.Int64), ("I32", ScalarType.Int32), ("I16", ScalarType.Int16), ("I8", ScalarType.Int8),
        ("U8", ScalarType.Byte), ("BOOL", ScalarType.Bool),
    ];

    // Far beyond any header of this project's models; guards against reading a huge length from a foreign file.
    const long MaxHeaderBytes = 100_000_000;

    /// <summary>Writes <paramref name="tensors"/> in order (atomically), with <paramref name="metadata"/> in the header.</summary>
    public static void Write(string path, IReadOnlyList<(string Name, Tensor Value)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 }) header["__metadata__"] = new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value)));
        long offset = 0;
        var contiguous = new List<Tensor>();
        try
        {
            foreach (var (name, value) in tensors)
            {
                // A copy of its own: a parameter may be a view into its optimiser's flat buffer.
                var cpu = value.detach().cpu().contiguous().clone();
                contiguous.Add(cpu);
                long length = cpu.numel() * cpu.ElementSize;
                header[name] = new JsonObject
                {
                    ["dtype"] = DataTypeName(cpu.dtype),
                    ["shape"] = new JsonArray([.. cpu.shape.Select(d => (JsonNode?)d)]),
                    ["data_offsets"] = new JsonArray(offset, offset + length),
                };
                offset += length;
            }
            var headerText = header.ToJsonString();
            // The format lets the header end in spaces; padding it to 8 bytes aligns the data.
            var headerBytes = Encoding.UTF8.GetBytes(headerText.PadRight(headerText.Length + (8 - Encoding.UTF8.GetByteCount(headerText) % 8) % 8));
            AtomicFile.Write(path, stream =>
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)headerBytes.Length);
                stream.Write(length);
                stream.Write(headerBytes);
                foreach (var tensor in contiguous) stream.Write(tensor.bytes);
            });
        }
        finally
        {
            foreach (var tensor in contiguous) tensor.Dispose();
        }
    }

    /// <summary>The tensors of a safetensors file, in the header's order; a file that is not one is a one-line error naming it.</summary>
    public static List<(string Name, Tensor Value)> Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AaeException($"{path}: cannot read ({e.Message})");
        }
        if (bytes.Length < 8) throw Damaged(path, "shorter than its 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > bytes.Length - 8)
            throw Damaged(path, $"its header length {headerLength} does not fit the file's {bytes.Length} bytes");
        int dataStart = 8 + (int)headerLength;
        JsonObject header;
        try
        {
            header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength)) as JsonObject
                ?? throw Damaged(path, "its header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw Damaged(path, $"its header is not JSON ({e.Message.Split('\n')[0]})");
        }
        var tensors = new List<(string, Tensor)>();
        try
        {
            foreach (var (name, entry) in header)
            {
                if (name == "__metadata__") continue;
                tensors.Add((name, ReadTensor(path, name, entry, bytes, dataStart)));
            }
        }
        catch
        {
            foreach (var (_, tensor) in tensors) tensor.Dispose();
            throw;
        }
        return tensors;
    }

    static Tensor ReadTensor(string path, string name, JsonNode? entry, byte[] bytes, int dataStart)
    {
        string? dtype;
        long[] shape;
        long[] offsets;
        try
        {
            dtype = entry?["dtype"]?.GetValue<string>();
            shape = entry?["shape"]?.AsArray().Select(d => d!.GetValue<long>()).ToArray() ?? throw Damaged(path, $"tensor {name} has no shape");
            offsets = entry?["data_offsets"]?.AsArray().Select(d => d!.GetValue<long>()).ToArray() ?? throw Damaged(path, $"tensor {name} has no data_offsets");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw Damaged(path, $"tensor {name} has a malformed header entry");
        }
        var type = DataTypes.FirstOrDefault(t => t.Name == dtype);
        if (type.Name is null) throw Damaged(path, $"tensor {name} has dtype '{dtype}', not one of {string.Join(", ", DataTypes.Select(t => t.Name))}");
        if (shape.Any(d => d < 0) || offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > bytes.Length - dataStart)
            throw Damaged(path, $"tensor {name}'s shape or byte range does not fit the file");
        var tensor = empty(shape, type.Type);
        if (tensor.numel() * tensor.ElementSize != offsets[1] - offsets[0])
        {
            tensor.Dispose();
            throw Damaged(path, $"tensor {name} has {offsets[1] - offsets[0]} bytes, its shape [{string.Join(", ", shape)}] needs {tensor.numel() * tensor.ElementSize}");
        }
        tensor.bytes = bytes.AsSpan((int)(dataStart + offsets[0]), (int)(offsets[1] - offsets[0]));
        return tensor;
    }

    static string DataTypeName(ScalarType type) =>
        DataTypes.FirstOrDefault(t => t.Type == type).Name ?? throw new InvalidOperationException($"safetensors has no dtype for {type}");

    static AaeException Damaged(string path, string what) => new($"{path}: not a readable safetensors file ({what})");
}
