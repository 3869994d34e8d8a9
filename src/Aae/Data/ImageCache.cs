using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Aae.Runs;
using static TorchSharp.torch;

namespace Aae.Data;

/// <summary>
/// The decoded pixels of an <see cref="ImageFolder"/> kept in one file, so the JPEGs are decoded
/// only once. The file is valid for one folder listing, identified by its source fingerprint; any
/// change to the listing or the options makes it stale, and it is rebuilt.
/// </summary>
/// <remarks>
/// Format (version 1), little-endian; strings are UTF-8 with a 7-bit-encoded length prefix
/// (.NET's BinaryWriter):
/// <code>
/// 8 bytes   magic "AAECACHE"
/// int32     format version (1)
/// 32 bytes  source fingerprint (SHA-256 of the folder listing and options, see ImageFolder.Result)
/// int32 ×4  N, C, H, W
/// int32 K, then K strings             class names, in label order
/// N × (string, int32)                 each image's source path (relative to the root) and label
/// int32 S, then S × (string, string)  skipped files: path and reason
/// N·C·H·W bytes                       uint8 pixels in [N, C, H, W] order
/// 32 bytes  SHA-256 of everything above, so a truncated or damaged file is noticed
/// </code>
/// A file that is missing, stale, truncated or damaged is not an error: the folder is decoded again.
/// </remarks>
internal static class ImageCache
{
    static ReadOnlySpan<byte> Magic => "AAECACHE"u8;
    const int Version = 1;
    const int HashBytes = 32;

    /// <summary>The cached result for this fingerprint, or null when the file is absent, stale or unreadable.</summary>
    public static ImageFolder.Result? TryRead(string path, string fingerprint, ImageFolderOptions options)
    {
        try
        {
            return Read(path, fingerprint, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException
                                      or ArgumentException or OverflowException or InvalidDataException)
        {
            return null;
        }
    }

    static ImageFolder.Result? Read(string path, string fingerprint, ImageFolderOptions options)
    {
        if (!File.Exists(path)) return null;
        byte[] bytes;
        using (var file = File.OpenRead(path))
        {
            // A stale cache is turned away by its first bytes, before reading and hashing the rest.
            var start = new byte[Magic.Length + 4 + HashBytes];
            if (file.Length < start.Length + HashBytes) return null;
            file.ReadExactly(start);
            if (!start.AsSpan(0, Magic.Length).SequenceEqual(Magic)
                || BinaryPrimitives.ReadInt32LittleEndian(start.AsSpan(Magic.Length)) != Version
                || Convert.ToHexStringLower(start.AsSpan(Magic.Length + 4)) != fingerprint)
                return null;
            bytes = new byte[file.Length];
            start.CopyTo(bytes, 0);
            file.ReadExactly(bytes.AsSpan(start.Length));
        }
        var content = bytes.AsSpan(0, bytes.Length - HashBytes);
        if (!SHA256.HashData(content).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashBytes))) return null;

        using var reader = new BinaryReader(new MemoryStream(bytes, 0, content.Length), Encoding.UTF8);
        reader.BaseStream.Position = Magic.Length + 4 + HashBytes;
        int count = reader.ReadInt32(), channels = reader.ReadInt32(), height = reader.ReadInt32(), width = reader.ReadInt32();
        if (count < 1 || channels != 3 || height != options.Height || width != options.Width) return null;

        var classNames = new string[CheckedCount(reader.ReadInt32(), content.Length)];
        for (int k = 0; k < classNames.Length; k++) classNames[k] = reader.ReadString();
        var files = new string[CheckedCount(count, content.Length)];
        var labels = new long[count];
        for (int n = 0; n < count; n++)
        {
            files[n] = reader.ReadString();
            labels[n] = reader.ReadInt32();
            if (labels[n] < 0 || labels[n] >= classNames.Length) return null;
        }
        var skipped = new SkippedImage[CheckedCount(reader.ReadInt32(), content.Length)];
        for (int s = 0; s < skipped.Length; s++) skipped[s] = new SkippedImage(reader.ReadString(), reader.ReadString());

        long pixelBytes = (long)count * channels * height * width;
        if (content.Length - reader.BaseStream.Position != pixelBytes) return null;
        var pixels = content.Slice((int)reader.BaseStream.Position);
        var data = new ImageDataset(
            ImageFolder.ToTensor(pixels, [count, channels, height, width]),
            tensor(labels, [count], ScalarType.Int64),
            classNames);
        return new ImageFolder.Result(data, files, skipped, FromCache: true, fingerprint);
    }

    // A count larger than the bytes left cannot be real; refuse it before allocating for it.
    static int CheckedCount(int count, int available) =>
        count >= 0 && count <= available ? count : throw new InvalidDataException($"implausible count {count}");

    /// <summary>Writes <paramref name="result"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ImageFolder.Result result)
    {
        var data = result.Data;
        var header = new MemoryStream();
        using (var writer = new BinaryWriter(header, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(Convert.FromHexString(result.SourceFingerprint));
            writer.Write(data.Count);
            writer.Write(data.Channels);
            writer.Write(data.Height);
            writer.Write(data.Width);
            writer.Write(data.ClassNames.Count);
            foreach (var name in data.ClassNames) writer.Write(name);
            var labels = data.Labels.data<long>().ToArray();
            for (int n = 0; n < data.Count; n++)
            {
                writer.Write(result.Files[n]);
                writer.Write(checked((int)labels[n]));
            }
            writer.Write(result.Skipped.Count);
            foreach (var skipped in result.Skipped)
            {
                writer.Write(skipped.Path);
                writer.Write(skipped.Reason);
            }
        }

        // The loader's image tensor is contiguous, so its bytes are the [N, C, H, W] pixels.
        var images = data.Images;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(header.GetBuffer(), 0, (int)header.Length);
        hash.AppendData(images.bytes);
        var checksum = hash.GetHashAndReset();
        AtomicFile.Write(path, stream =>
        {
            header.Position = 0;
            header.CopyTo(stream);
            stream.Write(images.bytes);
            stream.Write(checksum);
        });
    }
}
