using System.Runtime.InteropServices;

namespace Aae.Training;

/// <summary>
/// Tunes glibc's malloc, which holds libtorch's tensors, for a training loop. Each step frees and
/// allocates the same few-hundred-KB activations and gradients; by default glibc hands such
/// memory back to the kernel (heap trimming, or mmap for large blocks) and the next step
/// page-faults it in again: 10-30% of an MNIST MLP step on a small VM. Keeping freed memory in
/// the process costs no more peak memory, since the next step needs the same amount again.
/// </summary>
public static class NativeHeap
{
    const int TrimThreshold = -1;  // M_TRIM_THRESHOLD: free memory at the heap's top kept before trimming
    const int MmapThreshold = -3;  // M_MMAP_THRESHOLD: blocks at least this large get their own mmap

    static int applied;

    /// <summary>Applies the settings once per process; a no-op off Linux or without glibc.</summary>
    public static void KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref applied, 1) == 1) return;
        try
        {
            // 32 MB is glibc's largest mmap threshold: every smaller block is reused from the heap.
            mallopt(MmapThreshold, 32 << 20);
            mallopt(TrimThreshold, 1 << 30);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl has no such tuning): keep the allocator's defaults.
        }
    }

    [DllImport("libc")]
    static extern int mallopt(int parameter, int value);
}
