using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Aae.Runs;
using static TorchSharp.torch;

namespace Aae.Data;

/// <summary>Latent codes of a set of images with their labels, ready for a classifier.</summary>
/// <param name="Codes">[N, D]: row i is the code of image i.</param>
/// <param name="Labels">N class indices.</param>
/// <param name="ClassNames">Name of class k at index k.</param>
public sealed record LatentCodes(float[,] Codes, int[] Labels, IReadOnlyList<string> ClassNames)
{
    public int Count => Codes.GetLength(0);
    public int Dimensions => Codes.GetLength(1);

    /// <summary>The codes and labels of the given rows, in that order, with the same class names.</summary>
    public LatentCodes Rows(IReadOnlyList<int> rows)
    {
        var selected = new float[rows.Count, Dimensions];
        int bytes = Dimensions * sizeof(float);
        for (int r = 0; r < rows.Count; r++)
            Buffer.BlockCopy(Codes, rows[r] * bytes, selected, r * bytes, bytes);
        return new LatentCodes(selected, rows.Select(i => Labels[i]).ToArray(), ClassNames);
    }

    /// <summary>Dimensions [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) of every code, with the same labels.</summary>
    public LatentCodes Columns(int start, int length)
    {
        if (start < 0 || length < 1 || start + length > Dimensions)
            throw new AaeException($"codes of {Dimensions} dimensions have no columns {start}..{start + length - 1}");
        var selected = new float[Count, length];
        for (int r = 0; r < Count; r++)
            Buffer.BlockCopy(Codes, (r * Dimensions + start) * sizeof(float), selected, r * length * sizeof(float), length * sizeof(float));
        return this with { Codes = selected };
    }

    /// <summary>Copies codes [N, D] and labels [N] (any numeric dtype, any device) out of tensors.</summary>
    public static LatentCodes FromTensors(Tensor codes, Tensor labels, IReadOnlyList<string> classNames)
    {
        if (codes.dim() != 2 || labels.dim() != 1 || labels.shape[0] != codes.shape[0])
            throw new ArgumentException($"expected codes [N, D] and labels [N], got [{string.Join(", ", codes.shape)}] and [{string.Join(", ", labels.shape)}]");
        using var scope = NewDisposeScope();
        var flat = codes.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        var matrix = new float[codes.shape[0], codes.shape[1]];
        Buffer.BlockCopy(flat, 0, matrix, 0, flat.Length * sizeof(float));
        var labelArray = labels.cpu().to_type(ScalarType.Int32).data<int>().ToArray();
        return new LatentCodes(matrix, labelArray, classNames.ToArray());
    }
}

/// <summary>
/// Saves latent codes with their labels, so classifiers can be re-run without encoding the images again.
/// The format, all integers and floats little-endian:
/// <code>
///   8 bytes   magic "AAECODES" (ASCII)
///   int32     version, 1
///   int32     N, the number of codes
///   int32     D, the code dimension
///   float32   N·D codes, row-major (code 0 first)
///   int32     N labels
///   int32     K, the number of class names
///   K times:  int32 byte length, then that many bytes of UTF-8 (the name of class 0 first)
/// </code>
/// and nothing after. Written atomically; a file that does not match this exactly is rejected.
/// </summary>
public static class CodesFile
{
    const string Magic = "AAECODES";
    const int Version = 1;
    const int HeaderBytes = 8 + 3 * 4;

    public static void Save(string path, LatentCodes codes)
    {
        int n = codes.Count, d = codes.Dimensions;
        if (codes.Labels.Length != n) throw new ArgumentException($"{n} codes but {codes.Labels.Length} labels");
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true); // writes little-endian
            writer.Write(System.Text.Encoding.ASCII.GetBytes(Magic));
            writer.Write(Version);
            writer.Write(n);
            writer.Write(d);
            writer.Write(FloatBytes(codes.Codes));
            writer.Write(MemoryMarshal.AsBytes(codes.Labels.AsSpan()));
            writer.Write(codes.ClassNames.Count);
            foreach (var name in codes.ClassNames)
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(name);
                writer.Write(bytes.Length);
                writer.Write(bytes);
            }
        });
    }

    public static LatentCodes Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new AaeException($"{path}: not found");
        }
        catch (IOException e)
        {
            throw new AaeException($"{path}: cannot read ({e.Message})");
        }

        var reader = new Reader(bytes, path);
        if (bytes.Length < Magic.Length || System.Text.Encoding.ASCII.GetString(bytes, 0, Magic.Length) != Magic)
            throw new AaeException($"{path}: not a codes file (no AAECODES header)");
        reader.Skip(Magic.Length);
        int version = reader.Int32();
        if (version != Version) throw new AaeException($"{path}: codes file version {version}, expected {Version}");
        int n = reader.Int32(), d = reader.Int32();
        if (n < 0 || d < 0) throw new AaeException($"{path}: corrupt header (N = {n}, D = {d})");
        long needed = HeaderBytes + 4L * n * d + 4L * n + 4;
        if (bytes.Length < needed)
            throw new AaeException($"{path}: truncated ({bytes.Length} bytes; {n} codes of dimension {d} need at least {needed})");

        var codes = new float[n, d];
        var codeBytes = reader.Take(4 * n * d);
        var labels = new int[n];
        var labelBytes = reader.Take(4 * n);
        codeBytes.CopyTo(FloatBytes(codes));
        labelBytes.CopyTo(MemoryMarshal.AsBytes(labels.AsSpan()));

        int classCount = reader.Int32();
        // Each name takes at least its 4-byte length: a larger count than the rest of the file holds is corrupt.
        if (classCount < 0 || classCount > (bytes.Length - reader.Position) / 4)
            throw new AaeException($"{path}: corrupt class count {classCount}");
        var names = new string[classCount];
        for (int k = 0; k < classCount; k++)
        {
            int length = reader.Int32();
            if (length < 0) throw new AaeException($"{path}: corrupt length {length} of class name {k}");
            names[k] = System.Text.Encoding.UTF8.GetString(reader.Take(length));
        }
        if (!reader.AtEnd) throw new AaeException($"{path}: {bytes.Length - reader.Position} unexpected bytes after the class names");
        foreach (var label in labels)
            if (label < 0 || label >= classCount)
                throw new AaeException($"{path}: label {label} out of range 0..{classCount - 1}");
        return new LatentCodes(codes, labels, names);
    }

    /// <summary>The matrix's memory, row-major. It is the file's layout because .NET runs little-endian (checked).</summary>
    static Span<byte> FloatBytes(float[,] matrix)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("codes files are read and written on little-endian machines only");
        if (matrix.Length == 0) return [];
        return MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref matrix[0, 0], matrix.Length));
    }

    /// <summary>Reads fields in order; running past the end is a truncated file.</summary>
    sealed class Reader(byte[] bytes, string path)
    {
        public int Position { get; private set; }
        public bool AtEnd => Position == bytes.Length;

        public void Skip(int count) => Take(count);

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public ReadOnlySpan<byte> Take(int count)
        {
            if (count > bytes.Length - Position)
                throw new AaeException($"{path}: truncated ({bytes.Length} bytes, ends inside a field at byte {Position})");
            var span = bytes.AsSpan(Position, count);
            Position += count;
            return span;
        }
    }
}
