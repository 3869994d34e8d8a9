using System.Security.Cryptography;

namespace Aae.Data;

/// <summary>
/// A dataset file a run read, with its checksum, so the run records exactly what it saw. For an
/// image folder it is the folder, with its image count and the fingerprint of its listing
/// (paths, sizes, modification times) in place of a content hash.
/// </summary>
public sealed record DataFile(string Path, long Bytes, string Sha256)
{
    public int? Images { get; init; }

    public static DataFile Of(string path)
    {
        using var stream = File.OpenRead(path);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        return new DataFile(System.IO.Path.GetFullPath(path), stream.Length, hash);
    }
}
