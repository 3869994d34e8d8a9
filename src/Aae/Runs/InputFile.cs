namespace Aae.Runs;

/// <summary>
/// Reads a file given by a user once, whole, and no larger than a bound: a pipe such as bash's
/// &lt;(cat w.safetensors) has no second reading, and a named pipe that nobody writes to, or a
/// device, would block or never end. One-line errors name the file.
/// </summary>
public static class InputFile
{
    /// <summary>Refuses a folder or a missing path where a <paramref name="kind"/> is wanted, before any other work.</summary>
    public static void CheckExists(string path, string kind)
    {
        if (Directory.Exists(path)) throw new AaeException($"{path}: a folder, not a {kind}");
        if (!File.Exists(path)) throw new AaeException($"{path}: no such {kind}");
    }

    /// <param name="kind">What the file should be ("weights file"), for the messages.</param>
    public static byte[] ReadAllBytes(string path, long maxBytes, string kind)
    {
        CheckExists(path, kind);
        try
        {
            // .NET tells a FIFO or a device from a file only by its length, 0; an anonymous pipe
            // (/dev/fd/N, /proc/self/fd/N) is a link to "pipe:[inode]" and is read as a stream.
            var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.Name ?? "";
            bool pipe = target.StartsWith("pipe:[", StringComparison.Ordinal) || target.StartsWith("socket:[", StringComparison.Ordinal);
            if (!pipe && new FileInfo(path).Length == 0)
                throw new AaeException($"{path}: empty, or not a regular file (a named pipe or a device): give the {kind} as a file");
            using var stream = File.OpenRead(path);
            using var bytes = new MemoryStream();
            var buffer = new byte[1 << 16];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                if (bytes.Length + read > maxBytes) throw new AaeException($"{path}: larger than {maxBytes} bytes, more than any {kind} Aae reads");
                bytes.Write(buffer, 0, read);
            }
            if (bytes.Length == 0) throw new AaeException($"{path}: empty");
            return bytes.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AaeException($"{path}: cannot read ({e.Message})");
        }
    }
}
