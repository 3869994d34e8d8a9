using System.Runtime;

namespace Aae.Training;

/// <summary>
/// Lets the garbage collector run only where no libtorch call is in flight on the training thread:
/// between training steps and between evaluation batches. A scope: <c>using var guard = GcSafePoints.Enter();</c>
/// opens a no-GC region, <see cref="Reached"/> renews it at a safe point, disposing ends it.
/// </summary>
/// <remarks>
/// Why: TorchSharp turns numbers into Scalars that nothing refers to once their handle has gone
/// to libtorch (even tensor + tensor passes alpha = 1 that way). A collection started by another
/// thread during such a call lets the finaliser free the Scalar while libtorch still reads it:
/// libtorch's sporadic "Expected false to be true" from Scalar::toFloat, which stopped a CI test
/// and a semi-supervised run. Collections started by this thread are safe (it is in .NET code
/// then, not inside a call). So the guarded loop runs in a no-GC region; at a safe point, once half
/// its budget is allocated, the region is renewed, which collects here and now. A step allocates
/// far less than half the budget, so no collection starts inside one.
/// The region is process-wide: scopes open on several threads at once share it, and the last one
/// to end closes it.
/// </remarks>
public sealed class GcSafePoints : IDisposable
{
    const long Budget = 16L << 20;
    static readonly Lock gate = new();
    static int open;
    static long allocatedAtStart;
    bool disposed;

    GcSafePoints() { }

    /// <summary>Opens the guard (or joins the one another thread holds open).</summary>
    public static GcSafePoints Enter()
    {
        lock (gate)
        {
            open++;
            if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion) StartRegion();
        }
        return new GcSafePoints();
    }

    /// <summary>Call between libtorch calls (no Scalar in flight): renews the no-GC region when due.</summary>
    public void Reached()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        lock (gate)
        {
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                if (GC.GetTotalAllocatedBytes() - allocatedAtStart < Budget / 2) return;
                EndRegion();
            }
            StartRegion();
        }
    }

    /// <summary>Back to ordinary collections once no guard is open.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        lock (gate)
        {
            if (--open > 0) return;
            EndRegion();
            // The collections of the region's renewals alone do not keep memory flat: measured on
            // mnist-umbrella-labels, the managed heap grew 7 MB a renewal and the resident memory
            // 30 MB an epoch (1.8 GB by epoch 44), with a flat count of live tensors. A collection
            // with the finalisers run here, where the loop has no libtorch call in flight, frees it.
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    /// <summary>Whether a guard is open anywhere in the process (for tests).</summary>
    public static bool IsOpen
    {
        get { lock (gate) return open > 0; }
    }

    static void StartRegion()
    {
        try
        {
            if (GC.TryStartNoGCRegion(Budget)) allocatedAtStart = GC.GetTotalAllocatedBytes();
        }
        catch (InvalidOperationException)
        {
            // Another no-GC region is active (not ours): leave collections as they are.
        }
    }

    static void EndRegion()
    {
        if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion) return;
        try { GC.EndNoGCRegion(); }
        catch (InvalidOperationException) { } // the region had already ended by a collection
    }
}
