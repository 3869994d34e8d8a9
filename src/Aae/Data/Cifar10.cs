using System.IO.Compression;
using static TorchSharp.torch;

namespace Aae.Data;

/// <summary>
/// CIFAR-10, binary version, from &lt;data-dir&gt;/cifar-10-batches-bin/: data_batch_1..5.bin (training,
/// 50,000 images) and test_batch.bin (10,000), each raw or gzipped (.bin.gz), and batches.meta.txt
/// with the class names. Each file holds 10,000 records of 1 label byte followed by 3072 pixel bytes:
/// the R, G and B planes of a 32x32 image, each row-major, which is already the [C, H, W] layout.
/// </summary>
public static class Cifar10
{
    public const string FolderName = "cifar-10-batches-bin";
    public const string MetaFileName = "batches.meta.txt";
    public const int Side = 32;
    public const int ImageBytes = 3 * Side * Side;
    public const int RecordBytes = 1 + ImageBytes;
    public const int RecordsPerFile = 10000;

    public static readonly string[] TrainFileNames =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    public const string TestFileName = "test_batch.bin";

    /// <summary>The names upstream's batches.meta.txt lists, used when that file is absent.</summary>
    public static readonly string[] StandardClassNames =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>
    /// Reads the training and test sets as uint8 images [N, 3, 32, 32] with int64 labels.
    /// </summary>
    /// <param name="dataDirectory">The folder holding cifar-10-batches-bin/.</param>
    /// <param name="maxRecords">
    /// Read only the first this many records of each set (training: across data_batch_1..5 in order;
    /// test: of test_batch), for tests and quick runs. A gzipped file is then decompressed only as far
    /// as needed, so a file cut short after that point goes unnoticed. Null reads everything.
    /// </param>
    /// <param name="classes">
    /// Keep only these classes (names as in batches.meta.txt, case-insensitive), relabelled 0..k-1 in
    /// the order given, with their names. Null keeps all ten. Applied after <paramref name="maxRecords"/>.
    /// </param>
    /// <returns>The two sets, and the files read (the class-names file included when present).</returns>
    /// <exception cref="AaeException">Missing folder or file, a file of the wrong size, a label above 9,
    /// a corrupt gzip file, or an unknown class name.</exception>
    public static MnistLike.Split Load(string dataDirectory, int? maxRecords = null, IReadOnlyList<string>? classes = null)
    {
        if (maxRecords is < 0) throw new ArgumentOutOfRangeException(nameof(maxRecords), "must be >= 0");
        var folder = Path.Combine(dataDirectory, FolderName);
        if (!Directory.Exists(folder))
            throw new AaeException($"{folder}: data folder not found (point --data-dir or ${DataDirectory.EnvironmentVariable} at a folder holding {FolderName}/)");
        var trainPaths = TrainFileNames.Select(name => FindFile(folder, name)).ToArray();
        var testPath = FindFile(folder, TestFileName);

        var metaPath = Path.Combine(folder, MetaFileName);
        var names = File.Exists(metaPath) ? ReadClassNames(metaPath) : StandardClassNames;
        var kept = classes is null ? null : ClassIndices(classes, names);
        var keptNames = kept is null ? names : kept.Select(k => names[k]).ToArray();

        var filesRead = new List<string>();
        var train = Read(trainPaths, maxRecords ?? int.MaxValue, filesRead);
        var test = Read([testPath], maxRecords ?? int.MaxValue, filesRead);
        if (File.Exists(metaPath)) filesRead.Add(metaPath);
        return new MnistLike.Split(
            ToDataset(train, kept, keptNames), ToDataset(test, kept, keptNames), filesRead.Select(DataFile.Of).ToArray());
    }

    /// <summary>The path of a batch file, raw preferred over .gz.</summary>
    static string FindFile(string folder, string name)
    {
        var raw = Path.Combine(folder, name);
        if (File.Exists(raw)) return raw;
        if (File.Exists(raw + ".gz")) return raw + ".gz";
        throw new AaeException($"{raw}: missing (neither {name} nor {name}.gz is in {folder})");
    }

    /// <summary>Non-empty lines, trimmed; there must be one name per label.</summary>
    static string[] ReadClassNames(string path)
    {
        string[] names;
        try
        {
            names = File.ReadAllLines(path).Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
        }
        catch (IOException e)
        {
            throw new AaeException($"{path}: cannot read ({e.Message})");
        }
        if (names.Length != StandardClassNames.Length)
            throw new AaeException($"{path}: expected {StandardClassNames.Length} class names (one per line), found {names.Length}");
        return names;
    }

    /// <summary>The label of each requested class, in the order requested.</summary>
    static int[] ClassIndices(IReadOnlyList<string> requested, string[] names)
    {
        if (requested.Count < 2) throw new AaeException($"--classes: a classifier needs at least 2 classes (got {requested.Count})");
        var indices = new List<int>();
        foreach (var name in requested)
        {
            int index = Array.FindIndex(names, n => string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase));
            if (index < 0)
                throw new AaeException($"unknown CIFAR-10 class '{name}' (known: {string.Join(", ", names)})");
            if (indices.Contains(index))
                throw new AaeException($"CIFAR-10 class '{name}' selected twice");
            indices.Add(index);
        }
        return indices.ToArray();
    }

    /// <summary>Records read from a set of files: pixels of image i at [i * 3072, (i + 1) * 3072).</summary>
    sealed record Records(byte[] Pixels, long[] Labels);

    /// <summary>Reads up to <paramref name="maxRecords"/> records from the files in order into one pixel array.</summary>
    static Records Read(string[] paths, int maxRecords, List<string> filesRead)
    {
        int count = (int)Math.Min((long)maxRecords, (long)paths.Length * RecordsPerFile);
        // The sizes of raw files to be read are checked before arrays for all their records are
        // allocated, in file order, up to the first gzipped one (whose size shows only when read).
        foreach (var path in paths.Take((count + RecordsPerFile - 1) / RecordsPerFile)
                     .TakeWhile(p => !p.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)))
            CheckLength(path, LengthOf(path));
        var pixels = new byte[(long)count * ImageBytes];
        var labels = new long[count];
        int done = 0;
        foreach (var path in paths)
        {
            if (done == count) break;
            int wanted = Math.Min(RecordsPerFile, count - done);
            ReadFile(path, wanted, pixels, labels, done);
            filesRead.Add(path);
            done += wanted;
        }
        return new Records(pixels, labels);
    }

    /// <summary>
    /// Reads the first <paramref name="wanted"/> records of one batch file into the arrays at record
    /// <paramref name="at"/>. When all 10,000 are wanted, also checks that nothing follows them.
    /// </summary>
    static void ReadFile(string path, int wanted, byte[] pixels, long[] labels, int at)
    {
        bool gzipped = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        try
        {
            // A raw file's size tells at once whether it is a whole batch.
            if (!gzipped) CheckLength(path, LengthOf(path));
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using Stream stream = gzipped ? new GZipStream(file, CompressionMode.Decompress) : file;
            var label = new byte[1];
            for (int i = 0; i < wanted; i++)
            {
                int gotLabel = stream.ReadAtLeast(label, 1, throwOnEndOfStream: false);
                var image = pixels.AsSpan((int)((long)(at + i) * ImageBytes), ImageBytes);
                int gotImage = gotLabel == 0 ? 0 : stream.ReadAtLeast(image, ImageBytes, throwOnEndOfStream: false);
                if (gotImage < ImageBytes)
                    CheckLength(path, (long)i * RecordBytes + gotLabel + gotImage + CountRest(stream));
                if (label[0] > 9)
                    throw new AaeException($"{path}: record {i} has label {label[0]}, expected 0-9 (not a CIFAR-10 batch?)");
                labels[at + i] = label[0];
            }
            if (wanted == RecordsPerFile && gzipped)
            {
                long extra = CountRest(stream);
                if (extra > 0) CheckLength(path, (long)RecordsPerFile * RecordBytes + extra);
            }
        }
        catch (InvalidDataException e)
        {
            throw new AaeException($"{path}: not a valid gzip file ({e.Message})");
        }
        catch (IOException e)
        {
            throw new AaeException($"{path}: cannot read ({e.Message})");
        }
    }

    /// <summary>Throws unless <paramref name="length"/> (uncompressed bytes) is exactly one batch.</summary>
    static void CheckLength(string path, long length)
    {
        if (length % RecordBytes != 0)
            throw new AaeException(
                $"{path}: {length} bytes is not a whole number of {RecordBytes}-byte records (truncated, or not a CIFAR-10 binary batch)");
        if (length / RecordBytes != RecordsPerFile)
            throw new AaeException($"{path}: holds {length / RecordBytes} records, expected {RecordsPerFile}");
    }

    /// <summary>The file's length, also through a symbolic link (FileInfo would give the link's own).</summary>
    static long LengthOf(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path);
            return RandomAccess.GetLength(handle);
        }
        catch (IOException e)
        {
            throw new AaeException($"{path}: cannot read ({e.Message})");
        }
    }

    static long CountRest(Stream stream)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        for (int read; (read = stream.Read(buffer)) > 0;) total += read;
        return total;
    }

    static ImageDataset ToDataset(Records records, int[]? kept, string[] names)
    {
        // Zero-copy: the tensor wraps the pixel array.
        var images = tensor(records.Pixels, [records.Labels.Length, 3, Side, Side], ScalarType.Byte);
        var labels = tensor(records.Labels, [records.Labels.Length], ScalarType.Int64);
        if (kept is null) return new ImageDataset(images, labels, names);

        using var scope = NewDisposeScope();
        // newLabel[old] is the position of class old among the kept ones, or -1.
        var map = Enumerable.Repeat(-1L, StandardClassNames.Length).ToArray();
        for (int k = 0; k < kept.Length; k++) map[kept[k]] = k;
        var newLabel = tensor(map);
        var relabelled = newLabel.index_select(0, labels);
        var rows = relabelled.ge(0).nonzero().flatten();
        var result = new ImageDataset(
            images.index_select(0, rows).MoveToOuterDisposeScope(),
            relabelled.index_select(0, rows).MoveToOuterDisposeScope(), names);
        images.Dispose();
        labels.Dispose();
        return result;
    }
}
