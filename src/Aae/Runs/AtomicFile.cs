using System.Collections.Concurrent;

namespace Aae.Runs;

/// <summary>Writes files so that a crash or an error never leaves a half-written file under the real name.</summary>
public static class AtomicFile
{
    // Temporary files being written, so that a process told to stop can remove them (AbandonAll).
    static readonly ConcurrentDictionary<string, byte> pending = new();
    static volatile bool abandoned;

    /// <summary>Calls <paramref name="write"/> on a temporary file beside <paramref name="path"/>, then renames it into place.</summary>
    public static void Write(string path, Action<Stream> write) => WriteAll([(path, write)]);

    /// <summary>
    /// Writes every file to its temporary name first and renames them into place only when all are
    /// written, so that a failure (a full disk) leaves all of them or none, never a half of a pair.
    /// </summary>
    public static void WriteAll(IReadOnlyList<(string Path, Action<Stream> Write)> files)
    {
        var written = new List<(string Temporary, string Path)>();
        try
        {
            foreach (var (path, write) in files)
            {
                var temporary = path + ".tmp";
                pending[temporary] = 0;
                written.Add((temporary, path));
                using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
                {
                    if (abandoned) throw new OperationCanceledException("the process is stopping");
                    write(stream);
                    stream.Flush(flushToDisk: true);
                }
                FaultInjection.At(path, "written");
            }
            foreach (var (temporary, path) in written)
            {
                File.Move(temporary, path, overwrite: true);
                // The rename is the commit: make it durable too, not only the file's bytes.
                Durability.SyncFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
                FaultInjection.At(path, "renamed");
            }
        }
        // .NET reports EFBIG (a file-size limit, a file system's largest file) as an ArgumentOutOfRangeException of System.IO.
        catch (Exception e) when (e is IOException or UnauthorizedAccessException
            || e is ArgumentOutOfRangeException && e.TargetSite?.DeclaringType?.Namespace == "System.IO")
        {
            foreach (var (temporary, _) in written) TryDelete(temporary);
            var failed = written.Count > 0 ? written[^1].Path : files[0].Path;
            throw new AaeException($"{failed}: cannot write ({e.Message})", e);
        }
        catch
        {
            foreach (var (temporary, _) in written) TryDelete(temporary);
            throw;
        }
        finally
        {
            foreach (var (temporary, _) in written) pending.TryRemove(temporary, out _);
        }
    }

    /// <summary>
    /// For an entry point whose process is told to stop (SIGINT, SIGTERM): removes the temporary
    /// files of writes in progress and fails any write begun after, so nothing half-written stays.
    /// </summary>
    public static void AbandonAll()
    {
        abandoned = true;
        foreach (var temporary in pending.Keys) TryDelete(temporary);
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
