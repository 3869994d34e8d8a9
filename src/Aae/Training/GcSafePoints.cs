using System.Runtime;

namespace Aae.Training;

/// <summary>
/// Lets the garbage collector run only where no libtorch call is in flight on the training thread:
/// between training steps and between evaluation batches.
/// </summary>
/// <remarks>
/// Why: TorchSharp turns numbers into Scalars that nothing refers to once their handle has gone
/// to libtorch (even tensor + tensor passes alpha = 1 that way). A collection started by another
/// thread during such a call lets the finaliser free the Scalar while libtorch still reads it:
/// libtorch's sporadic "Expected false to be true" from Scalar::toFloat, which stopped a CI test
/// and a semi-supervised run. Collections started by this thread are safe (it is in .NET code
/// then, not inside a call). So training runs in a no-GC region; at a safe point, once half its
/// budget is allocated, the region is renewed, which collects here and now. A step allocates far
/// less than half the budget, so no collection starts inside one.
/// </remarks>
public static class GcSafePoints
{
    const long Budget = 16L << 20;
    static long allocatedAtStart;

    /// <summary>Call between libtorch calls (no Scalar in flight): renews the no-GC region when due.</summary>
    public static void Reached()
    {
        long allocated = GC.GetTotalAllocatedBytes();
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            if (allocated - allocatedAtStart < Budget / 2) return;
            End();
        }
        try
        {
            if (GC.TryStartNoGCRegion(Budget)) allocatedAtStart = GC.GetTotalAllocatedBytes();
        }
        catch (InvalidOperationException)
        {
            // Another no-GC region is active (not ours): leave collections as they are.
        }
    }

    /// <summary>Back to ordinary collections (training finished or stopped).</summary>
    public static void End()
    {
        if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion) return;
        try { GC.EndNoGCRegion(); }
        catch (InvalidOperationException) { } // the region had already ended by a collection
    }
}
