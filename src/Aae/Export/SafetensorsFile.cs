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

    /// <summary>
    /// The tensors of a safetensors file's bytes, in the header's order, taking at most
    /// <paramref name="maxTensorBytes"/>; a file that is not one is a one-line error naming it. Every
    /// size is checked against the file before a tensor is allocated.
    /// </summary>
    public static List<(string Name, Tensor Value)> Read(string path, byte[] bytes, long maxTensorBytes)
    {
        if (bytes.Length < 8) throw Damaged(path, "shorter than its 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > bytes.Length - 8)
            throw Damaged(path, $"its header length {headerLength} does not fit the file's {bytes.Length} bytes");
        int dataStart = 8 + (int)headerLength;
        var entries = Header(path, bytes.AsMemory(8, (int)headerLength), bytes.Length - dataStart);
        long total = entries.Sum(e => e.Offsets[1] - e.Offsets[0]);
        if (total > maxTensorBytes) throw Damaged(path, $"its tensors take {total} bytes, more than the {maxTensorBytes} the model's networks could hold");
        var tensors = new List<(string, Tensor)>();
        foreach (var entry in entries)
        {
            var (start, end) = (dataStart + entry.Offsets[0], dataStart + entry.Offsets[1]);
            var tensor = empty(entry.Shape, entry.Type);
            tensor.bytes = bytes.AsSpan((int)start, (int)(end - start));
            tensors.Add((entry.Name, tensor));
        }
        return tensors;
    }

    sealed record Entry(string Name, ScalarType Type, long[] Shape, long[] Offsets);

    /// <summary>The header's tensors, each checked: a known dtype, a shape whose bytes are its byte range, a name given once.</summary>
    static List<Entry> Header(string path, ReadOnlyMemory<byte> text, long dataLength)
    {
        var entries = new List<Entry>();
        var names = new HashSet<string>();
        try
        {
            using var header = JsonDocument.Parse(text);
            if (header.RootElement.ValueKind != JsonValueKind.Object) throw Damaged(path, "its header is not a JSON object");
            foreach (var property in header.RootElement.EnumerateObject())
            {
                var name = property.Name;
                if (!names.Add(name)) throw Damaged(path, $"its header names tensor {name} twice");
                if (name == "__metadata__") continue;
                entries.Add(Described(path, name, property.Value, dataLength));
            }
        }
        catch (JsonException e)
        {
            throw Damaged(path, $"its header is not JSON ({e.Message.Split('\n')[0]})");
        }
        catch (InvalidOperationException)
        {
            throw Damaged(path, "its header is not UTF-8 text");
        }
        return entries;
    }

    static Entry Described(string path, string name, JsonElement entry, long dataLength)
    {
        string? dtype;
        long[] shape, offsets;
        try
        {
            dtype = entry.GetProperty("dtype").GetString();
            shape = [.. entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())];
            offsets = [.. entry.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64())];
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw Damaged(path, $"tensor {name} has a malformed header entry (it needs dtype, shape and data_offsets)");
        }
        var type = DataTypes.FirstOrDefault(t => t.Name == dtype);
        if (type.Name is null) throw Damaged(path, $"tensor {name} has dtype '{dtype}', not one of {string.Join(", ", DataTypes.Select(t => t.Name))}");
        if (shape.Any(d => d < 0) || offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
            throw Damaged(path, $"tensor {name}'s shape or byte range is not one");
        if (offsets[1] > dataLength)
            throw Damaged(path, $"tensor {name}'s byte range [{offsets[0]}, {offsets[1]}) reaches past the file's {dataLength} data bytes");
        using var probe = empty(0, type.Type);
        long elementSize = probe.ElementSize;
        long needed;
        try
        {
            needed = checked(shape.Aggregate(elementSize, (product, d) => product * d));
        }
        catch (OverflowException)
        {
            throw Damaged(path, $"tensor {name}'s shape [{string.Join(", ", shape)}] has more elements than a tensor can");
        }
        if (needed != offsets[1] - offsets[0])
            throw Damaged(path, $"tensor {name} has {offsets[1] - offsets[0]} bytes, its shape [{string.Join(", ", shape)}] needs {needed}");
        return new Entry(name, type.Type, shape, offsets);
    }

    static string DataTypeName(ScalarType type) =>
        DataTypes.FirstOrDefault(t => t.Type == type).Name ?? throw new InvalidOperationException($"safetensors has no dtype for {type}");

    static AaeException Damaged(string path, string what) => new($"{path}: not a readable safetensors file ({what})");
}
