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
        try
        {
            using var file = File.OpenRead(path);
            using var stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            // The stream's length is the file's, also through a symbolic link (FileInfo would give the link's).
            return Read(stream, path, expectedMagic, file.Length);
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

    /// <summary>
    /// Reads the header, then the data straight into an array of the size it announces: no growing
    /// buffer and no copies (MNIST's 47 MB of training images would otherwise be copied three times).
    /// </summary>
    static Content Read(Stream stream, string path, int expectedMagic, long fileLength)
    {
        int dimensions = expectedMagic & 0xFF;
        var header = new byte[4 + 4 * dimensions];
        int headerRead = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (headerRead < 8)
            throw new AaeException($"{path}: too short to be an IDX file ({headerRead} bytes)");
        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != expectedMagic)
            throw new AaeException($"{path}: wrong IDX magic number 0x{magic:x8} (expected 0x{expectedMagic:x8})");
        if (headerRead < header.Length)
            throw new AaeException($"{path}: truncated IDX header");

        var shape = new int[dimensions];
        for (int d = 0; d < dimensions; d++)
        {
            shape[d] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 + 4 * d));
            if (shape[d] < 0) throw new AaeException($"{path}: negative dimension size {shape[d]} in IDX header");
        }
        if (shape[0] == 0) throw new AaeException($"{path}: the IDX header says it holds no items");
        // Sizes no file here could hold are refused before allocating: raw data is as long as the
        // file, and deflate compresses at most 1032:1. Checked factor by factor, so no product overflows.
        long limit = stream is FileStream ? fileLength - header.Length : Math.Min(fileLength * 1032L, Array.MaxLength);
        long expectedLength = 1;
        foreach (var size in shape)
        {
            if (size != 0 && expectedLength > limit / size)
                throw new AaeException($"{path}: header says {string.Join("x", shape)} bytes of data but the file is only {fileLength} bytes");
            expectedLength *= size;
        }
        if (expectedLength > limit)
            throw new AaeException($"{path}: header says {string.Join("x", shape)} = {expectedLength} bytes of data but the file is only {fileLength} bytes");

        var data = new byte[expectedLength];
        long actual = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (actual == expectedLength)
        {
            var rest = new byte[81920];
            for (int n; (n = stream.Read(rest)) > 0;) actual += n;
        }
        if (actual != expectedLength)
            throw new AaeException(
                $"{path}: header says {string.Join("x", shape)} = {expectedLength} bytes of data but the file holds {actual}");
        return new Content(shape, data);
    }
}
