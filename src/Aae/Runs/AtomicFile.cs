namespace Aae.Runs;

/// <summary>Writes files so that a crash or an error never leaves a half-written file under the real name.</summary>
public static class AtomicFile
{
    /// <summary>Calls <paramref name="write"/> on a temporary file beside <paramref name="path"/>, then renames it into place.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var temporary = path + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            FaultInjection.At(path, "written");
            File.Move(temporary, path, overwrite: true);
            // The rename is the commit: make it durable too, not only the file's bytes.
            Durability.SyncFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
            FaultInjection.At(path, "renamed");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new AaeException($"{path}: cannot write ({e.Message})", e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(text);
        });

    /// <summary>Removes temporary files left by writes a killed process never finished (call while holding the folder's lock).</summary>
    public static void RemoveLeftovers(string folder)
    {
        if (!Directory.Exists(folder)) return;
        foreach (var file in Directory.EnumerateFiles(folder, "*.tmp", SearchOption.AllDirectories)) TryDelete(file);
    }

    static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
