using Aae.Networks;
using Aae.Training;

namespace Aae;

/// <summary>
/// Everything that changes the whole process, in one place, applied once at start-up by whoever
/// runs a model (a run, a reload, the benchmark): libtorch's thread count, glibc's heap tuning and
/// the oneDNN switch. Returns what it set, for run.log.
/// </summary>
public static class ProcessSettings
{
    /// <param name="threads">CPU threads for libtorch's kernels.</param>
    /// <param name="exactConvolutions">Switch oneDNN off for the rest of the process (narrow conv64 networks; docs/platform-notes.md).</param>
    public static IReadOnlyList<string> Apply(int threads, bool exactConvolutions)
    {
        // More threads than cores only make OpenMP's threads spin against each other.
        var notes = new List<string>();
        if (threads > Environment.ProcessorCount)
        {
            notes.Add($"process: {threads} threads asked for, {Environment.ProcessorCount} CPU cores: using {Environment.ProcessorCount}");
            threads = Environment.ProcessorCount;
        }
        torch.set_num_threads(threads);
        NativeHeap.KeepFreedMemory();
        if (exactConvolutions) OneDnn.Disable();
        notes.Add($"process: {threads} libtorch thread(s); freed native memory kept for reuse (glibc mallopt)"
            + (exactConvolutions ? "; oneDNN off (exact convolutions for narrow conv64 networks)" : ""));
        return notes;
    }
}
