using System.Buffers.Binary;
using System.IO.Compression;

namespace Aae.Data;

/// <summary>Reads IDX files (MNIST, Fashion-MNIST), raw or gzipped, with strict header checks.</summary>
public static class Idx
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;

    /// <summary>An IDX file's content: the dimension sizes and the bytes after the header.</summary>
    public sealed record Content(int[] Shape, byte[] Data)
    {
        public int Count => Shape[0];
    }

    /// <summary>Reads an unsigned-byte IDX file with the given magic number (images or labels).</summary>
    public static Content Read(string path, int expectedMagic)
    {
        byte[] bytes;
        try
        {
            bytes = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? Gunzip(path) : File.ReadAllBytes(path);
        }
        catch (InvalidDataException e)
        {
            throw new AaeException($"{path}: not a valid gzip file ({e.Message})");
        }
        catch (IOException e)
        {
            throw new AaeException($"{path}: cannot read ({e.Message})");
        }

        if (bytes.Length < 8)
            throw new AaeException($"{path}: too short to be an IDX file ({bytes.Length} bytes)");
        int magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != expectedMagic)
            throw new AaeException($"{path}: wrong IDX magic number 0x{magic:x8} (expected 0x{expectedMagic:x8})");

        int dimensions = expectedMagic & 0xFF;
        int headerLength = 4 + 4 * dimensions;
        if (bytes.Length < headerLength)
            throw new AaeException($"{path}: truncated IDX header");
        var shape = new int[dimensions];
        long expectedLength = 1;
        for (int d = 0; d < dimensions; d++)
        {
            shape[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (shape[d] < 0) throw new AaeException($"{path}: negative dimension size {shape[d]} in IDX header");
            expectedLength *= shape[d];
        }
        long actual = bytes.Length - headerLength;
        if (actual != expectedLength)
            throw new AaeException(
                $"{path}: header says {string.Join("x", shape)} = {expectedLength} bytes of data but the file holds {actual}");
        return new Content(shape, bytes[headerLength..]);
    }

    static byte[] Gunzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream(capacity: (int)Math.Min(int.MaxValue, file.Length * 6));
        gzip.CopyTo(memory);
        return memory.ToArray();
    }
}
