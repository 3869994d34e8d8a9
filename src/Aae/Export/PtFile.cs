using System.Collections;
using System.IO.Compression;
using Aae.Runs;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Aae.Export;

/// <summary>
/// PyTorch's own format, what torch.save(state_dict, path) writes and torch.load reads: a zip
/// archive of a pickled dict whose tensors point at raw storage files. Pickling and unpickling are
/// TorchSharp.PyBridge's.
/// </summary>
public static class PtFile
{
    public const string Extension = ".pt";

    /// <summary>Writes <paramref name="tensors"/> as one state_dict (atomically), loadable with torch.load.</summary>
    public static void Write(string path, IReadOnlyList<(string Name, Tensor Value)> tensors)
    {
        // The pickler keeps the dictionary's order, so the file lists the tensors as PyTorch's state_dict would.
        var stateDict = new Dictionary<string, Tensor>();
        try
        {
            // Copies: a parameter may be a view into its optimiser's flat buffer, and the pickler writes
            // a view's own bytes but its offset into that buffer.
            foreach (var (name, value) in tensors) stateDict[name] = value.detach().cpu().contiguous().clone();
            using var pickled = new MemoryStream();
            PyTorchPickler.PickleStateDict(pickled, stateDict, leaveOpen: true);
            pickled.Position = 0;
            AtomicFile.Write(path, stream => CopyStored(pickled, stream));
        }
        finally
        {
            foreach (var tensor in stateDict.Values) tensor.Dispose();
        }
    }

    /// <summary>
    /// Copies a zip archive with every entry stored uncompressed. The pickler deflates its entries;
    /// torch.save stores them, and PyTorch 1.13's torch.load reads a deflated tensor as a short one.
    /// </summary>
    static void CopyStored(Stream zip, Stream target)
    {
        using var source = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        using var stored = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var entry in source.Entries)
        {
            using var from = entry.Open();
            using var to = stored.CreateEntry(entry.FullName, CompressionLevel.NoCompression).Open();
            from.CopyTo(to);
        }
    }

    /// <summary>
    /// The tensors of a torch.save file, sorted by name. A dict of state_dicts ({"encoder":
    /// enc.state_dict(), ...}) is flattened to "encoder.0.weight", ...; values that are not tensors
    /// (an epoch count beside the weights) are left out.
    /// </summary>
    public static List<(string Name, Tensor Value)> Read(string path)
    {
        Hashtable pickled;
        try
        {
            using var stream = File.OpenRead(path);
            pickled = PyTorchUnpickler.UnpickleStateDict(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AaeException($"{path}: cannot read ({e.Message})");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The unpickler reports a damaged or foreign file in many ways; all mean the same to a user.
            throw new AaeException($"{path}: not a readable PyTorch state_dict ({e.GetType().Name}: {e.Message.Split('\n')[0]})");
        }
        var tensors = new List<(string Name, Tensor Value)>();
        Flatten(pickled, "", tensors);
        return [.. tensors.OrderBy(t => t.Name, StringComparer.Ordinal)];
    }

    static void Flatten(IDictionary dictionary, string prefix, List<(string, Tensor)> tensors)
    {
        foreach (DictionaryEntry entry in dictionary)
        {
            var name = prefix + entry.Key;
            if (entry.Value is Tensor tensor) tensors.Add((name, tensor));
            else if (entry.Value is IDictionary inner) Flatten(inner, name + ".", tensors);
        }
    }
}
