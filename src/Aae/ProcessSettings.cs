using Aae.Networks;

namespace Aae;

/// <summary>
/// Everything that changes the whole process, in one place: libtorch's thread count and the oneDNN
/// switch. Only entry points call it (the CLI before a command that trains or
/// loads a run, `aae bench`, the test assembly's initializer): building or loading a model never
/// does, so one model's settings cannot change another's outputs. Returns what it set, for run.log.
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
        if (exactConvolutions) OneDnn.Disable();
        notes.Add($"process: {threads} libtorch thread(s)"
            + (exactConvolutions ? "; oneDNN off (exact convolutions for narrow conv64 networks)" : ""));
        return notes;
    }
}
