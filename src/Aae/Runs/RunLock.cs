namespace Aae.Runs;

/// <summary>
/// An exclusive hold on a run folder (run.lock, locked with flock through FileShare.None) for as
/// long as a process writes to it: a second run, resume, evaluate or plot on the same folder is
/// refused instead of mixing its files with the first one's. The kernel drops the lock when the
/// holder dies, so a killed run never leaves the folder locked.
/// </summary>
public sealed class RunLock : IDisposable
{
    public const string FileName = "run.lock";

    readonly FileStream stream;

    RunLock(FileStream stream) => this.stream = stream;

    /// <summary>Takes the folder's lock; throws the user-facing error when another process holds it or the folder cannot be written.</summary>
    public static RunLock Acquire(string folder)
    {
        try
        {
            return new RunLock(new FileStream(Path.Combine(folder, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        // On Unix an IOException's HResult is the errno: only EWOULDBLOCK (Windows: a sharing violation) means another holder.
        catch (IOException e) when (e.HResult is WouldBlock or SharingViolation)
        {
            throw new AaeException($"{folder}: in use by another aae process (it holds {FileName}); wait for it to end");
        }
        catch (IOException e) when (e.HResult == ReadOnlyFileSystem)
        {
            throw new AaeException($"{folder}: on a read-only file system, so this command cannot write there; {ReadOnlyCommands}");
        }
        catch (UnauthorizedAccessException)
        {
            throw new AaeException($"{folder}: permission denied: this command writes there and may not; {ReadOnlyCommands}");
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new AaeException($"{folder}: cannot take {FileName} ({e.Message})");
        }
    }

    const int WouldBlock = 11, ReadOnlyFileSystem = 30, SharingViolation = unchecked((int)0x80070020);

    const string ReadOnlyCommands = "sample, export, reconstruct, interpolate and report with --out elsewhere only read it";

    public void Dispose() => stream.Dispose();
}
