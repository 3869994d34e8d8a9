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

    // Far beyond a state_dict: its pickle holds names and shapes, its entries one per tensor.
    const long MaxPickleBytes = 64L << 20;
    const int MaxDepth = 32, MaxEntries = 100_000, MaxNameLength = 1000;

    /// <summary>
    /// The tensors of a torch.save file (its bytes, read once), sorted by name. A dict of state_dicts
    /// ({"encoder": enc.state_dict(), ...}) is flattened to "encoder.0.weight", ...; values that are
    /// not tensors (an epoch count beside the weights) are left out. The file is untrusted: its pickle
    /// runs no code (<see cref="PickleReader"/>), its tensors may take at most
    /// <paramref name="maxTensorBytes"/>, and cycles, depth and entries of its dicts are bounded.
    /// </summary>
    public static List<(string Name, Tensor Value)> Read(string path, byte[] file, long maxTensorBytes)
    {
        Exception Damaged(string what) => new AaeException($"{path}: not a readable PyTorch state_dict ({what})");
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(new MemoryStream(file, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw Damaged($"not a zip archive: {e.Message}");
        }
        using (archive)
        try
        {
            var pickles = archive.Entries.Where(e => e.FullName == "data.pkl" || e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal)).ToList();
            if (pickles.Count != 1) throw Damaged(pickles.Count == 0 ? "its archive holds no data.pkl" : "its archive holds several data.pkl");
            var prefix = pickles[0].FullName[..^"data.pkl".Length];
            if (archive.GetEntry(prefix + "byteorder") is { } order && Text(order, Damaged) is not ("little" or "little\n"))
                throw Damaged("its tensors are stored big-endian");
            if (pickles[0].Length > MaxPickleBytes) throw Damaged($"its data.pkl declares {pickles[0].Length} bytes");
            var pickle = TorchPickle.ReadEntry(pickles[0], pickles[0].Length, Damaged);

            using var torch = new TorchPickle(archive, prefix, maxTensorBytes, Damaged);
            var root = new PickleReader(pickle, Damaged, TorchPickle.Allowed, torch.Call, torch.LoadPersistent).Load();
            if (root is not PickleDict dict) throw Damaged("it holds no dict of tensors");
            var tensors = new List<(string Name, Tensor Value)>();
            int entries = 0;
            Flatten(dict, "", 0, [], ref entries, tensors, Damaged);
            // Handles of their own: the reader's views are disposed with it, and a tensor named twice is two handles.
            return [.. tensors.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => (t.Name, t.Value.alias()))];
        }
        catch (InvalidDataException e)
        {
            throw Damaged($"a damaged zip archive: {e.Message}");
        }
    }

    static void Flatten(PickleDict dict, string prefix, int depth, HashSet<PickleDict> open, ref int entries,
        List<(string, Tensor)> tensors, Func<string, Exception> damaged)
    {
        if (depth >= MaxDepth) throw damaged($"its dicts nest deeper than {MaxDepth} levels");
        if (!open.Add(dict)) throw damaged($"a dict contains itself (at {Shortened(prefix.TrimEnd('.'))})");
        foreach (var (key, value) in dict)
        {
            if (++entries > MaxEntries) throw damaged($"its dicts hold more than {MaxEntries} entries");
            var name = prefix + (key is string text ? text : Convert.ToString(key, System.Globalization.CultureInfo.InvariantCulture));
            if (name.Length > MaxNameLength) throw damaged($"a name is longer than {MaxNameLength} characters ({Shortened(name)})");
            if (value is Tensor tensor) tensors.Add((name, tensor));
            else if (value is PickleDict inner) Flatten(inner, name + ".", depth + 1, open, ref entries, tensors, damaged);
        }
        open.Remove(dict);
    }

    static string Text(ZipArchiveEntry entry, Func<string, Exception> damaged) =>
        entry.Length <= 16 ? System.Text.Encoding.ASCII.GetString(TorchPickle.ReadEntry(entry, entry.Length, damaged)) : "";

    static string Shortened(string text) => text.Length <= 60 ? text : text[..60] + "...";
}
