using System.IO.Compression;
using static TorchSharp.torch;

namespace Aae.Export;

/// <summary>
/// What a torch.save pickle may call, and its tensors' storages read from the archive beside it.
/// Every size the pickle declares is checked against the archive entry and the byte budget before
/// a byte is inflated, and every tensor against its storage before it is made: a file cannot make
/// the reader allocate more than <paramref name="maxTensorBytes"/> or read outside a storage.
/// </summary>
public sealed class TorchPickle(ZipArchive archive, string prefix, long maxTensorBytes, Func<string, Exception> damaged) : IDisposable
{
    // PyTorch's tensors have a handful of dimensions; the bound keeps shape arithmetic small.
    const int MaxDimensions = 16;

    static readonly Dictionary<string, ScalarType> StorageTypes = new()
    {
        ["DoubleStorage"] = ScalarType.Float64, ["FloatStorage"] = ScalarType.Float32, ["HalfStorage"] = ScalarType.Float16,
        ["BFloat16Storage"] = ScalarType.BFloat16, ["LongStorage"] = ScalarType.Int64, ["IntStorage"] = ScalarType.Int32,
        ["ShortStorage"] = ScalarType.Int16, ["CharStorage"] = ScalarType.Int8, ["ByteStorage"] = ScalarType.Byte,
        ["BoolStorage"] = ScalarType.Bool,
    };

    static readonly HashSet<string> Rebuilders = ["_rebuild_tensor", "_rebuild_tensor_v2", "_rebuild_parameter", "_rebuild_parameter_with_state"];

    sealed record Storage(Tensor Flat, long Count);

    readonly Dictionary<string, Storage> storages = [];
    readonly List<Tensor> made = [];
    long bytesRead;

    public static bool Allowed(PickleGlobal global) => global switch
    {
        ("collections", "OrderedDict") => true,
        ("torch._utils", var name) => Rebuilders.Contains(name),
        ("torch", var name) => StorageTypes.ContainsKey(name),
        _ => false,
    };

    public object? Call(PickleGlobal global, object?[] args) => (global.Name, args) switch
    {
        // OrderedDict() as torch.save writes it, OrderedDict(()) as TorchSharp.PyBridge does.
        ("OrderedDict", [] or [object[] { Length: 0 }]) => new PickleDict(),
        ("_rebuild_tensor_v2", [Storage storage, long offset, object[] size, object[] stride, bool, _, ..]) when args.Length <= 7 =>
            Rebuild(storage, offset, size, stride),
        ("_rebuild_tensor", [Storage storage, long offset, object[] size, object[] stride]) => Rebuild(storage, offset, size, stride),
        ("_rebuild_parameter" or "_rebuild_parameter_with_state", [Tensor data, bool, ..]) when args.Length <= 4 => data,
        _ => throw damaged($"its pickle calls {global} with arguments it does not take"),
    };

    /// <summary>BINPERSID's ('storage', torch.FloatStorage, key, location, count): the storage in data/key, read once per key.</summary>
    public object? LoadPersistent(object? id)
    {
        if (!(id is object[] parts && parts is ["storage", PickleGlobal { Module: "torch" } type, string key, string, long count])
            || !StorageTypes.TryGetValue(type.Name, out var dtype))
            throw damaged("its pickle has a persistent id that is not a tensor storage");
        if (storages.TryGetValue(key, out var known)) return known;

        var entry = archive.GetEntry(prefix + "data/" + key) ?? throw damaged($"its pickle refers to storage {Shortened(key)}, which the archive does not hold");
        long elementSize;
        using (var probe = empty(0, dtype)) elementSize = probe.ElementSize;
        if (count < 0 || count > long.MaxValue / elementSize) throw damaged($"storage {key} declares {count} elements");
        long bytes = count * elementSize;
        if (entry.Length != bytes)
            throw damaged($"storage {key} declares {count} {dtype} elements ({bytes} bytes), its archive entry holds {entry.Length}");
        if (bytes > maxTensorBytes - bytesRead)
            throw damaged($"its tensors take more than the {maxTensorBytes} bytes the model's networks could hold (refused before reading them)");
        bytesRead += bytes;

        var flat = empty(count, dtype);
        storages[key] = new Storage(flat, count);
        flat.bytes = ReadEntry(entry, bytes, damaged);
        return storages[key];
    }

    /// <summary>Exactly the entry's declared bytes: an entry that inflates to more or less is damaged.</summary>
    public static byte[] ReadEntry(ZipArchiveEntry entry, long length, Func<string, Exception> damaged)
    {
        var buffer = new byte[length];
        try
        {
            using var stream = entry.Open();
            int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (read < length || stream.ReadByte() >= 0) throw damaged($"{entry.FullName} does not hold the {length} bytes it declares");
        }
        catch (InvalidDataException e)
        {
            throw damaged($"{entry.FullName} cannot be inflated ({e.Message})");
        }
        return buffer;
    }

    Tensor Rebuild(Storage storage, long offset, object?[] size, object?[] stride)
    {
        if (size.Length != stride.Length || size.Length > MaxDimensions || size.Concat(stride).Any(d => d is not >= 0L))
            throw damaged($"its pickle gives a tensor the shape [{string.Join(", ", size)}] and strides [{string.Join(", ", stride)}]");
        var shape = size.Cast<long>().ToArray();
        var steps = stride.Cast<long>().ToArray();
        // The last element a view reaches must lie inside its storage (checked arithmetic: a huge shape overflows).
        try
        {
            long count = checked(shape.Aggregate(1L, (product, d) => product * d));
            long last = offset;
            for (int i = 0; i < shape.Length; i++) last = checked(last + (shape[i] - 1) * steps[i]);
            if (offset < 0 || count > storage.Count || (count > 0 && last >= storage.Count))
                throw new OverflowException();
        }
        catch (OverflowException)
        {
            throw damaged($"a tensor of shape [{string.Join(", ", shape)}] at offset {offset} does not fit its storage of {storage.Count} elements");
        }
        var tensor = storage.Flat.as_strided(shape, steps, offset);
        made.Add(tensor);
        return tensor;
    }

    static string Shortened(string text) => text.Length <= 40 ? text : text[..40] + "...";

    public void Dispose()
    {
        foreach (var tensor in made) tensor.Dispose();
        foreach (var storage in storages.Values) storage.Flat.Dispose();
    }
}
