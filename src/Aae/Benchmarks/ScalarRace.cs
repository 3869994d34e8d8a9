using System.Diagnostics;
using Aae.Training;
using static TorchSharp.torch;

namespace Aae.Benchmarks;

/// <summary>
/// Reproduces TorchSharp's temporary-Scalar race (see <see cref="GcSafePoints"/>): libtorch calls
/// that take a Scalar made from a number ((x + y) passes alpha = 1, leaky_relu its slope) in a loop,
/// while another thread allocates and so starts collections. Unguarded, libtorch soon reads a
/// Scalar the finaliser has freed; guarded, the loop passes a safe point every 50 calls.
/// </summary>
public static class ScalarRace
{
    /// <summary>Runs the loop until <paramref name="duration"/> has passed; libtorch's error propagates.</summary>
    /// <param name="allocatorPause">
    /// The other thread's pause between its 64 KB allocations; zero: as fast as it can. The guard's
    /// promise holds while other threads allocate less than half its budget between two safe points;
    /// a thread allocating flat out can use the whole budget inside one call, and the collection
    /// that ends the region then starts there (bench/ScalarRace shows both).
    /// </param>
    public static (long Operations, double Seconds) Run(bool guarded, TimeSpan duration, TimeSpan allocatorPause = default)
    {
        using var x = randn(64, 256);
        using var y = randn(64, 256);
        using var stop = new CancellationTokenSource();
        var allocator = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.KeepAlive(new byte[64 << 10]);
                if (allocatorPause > TimeSpan.Zero) Thread.Sleep(allocatorPause);
            }
        }) { IsBackground = true };
        allocator.Start();
        var clock = Stopwatch.StartNew();
        long operations = 0;
        using var guard = guarded ? GcSafePoints.Enter() : null;
        try
        {
            while (clock.Elapsed < duration)
            {
                guard?.Reached();
                using var scope = NewDisposeScope();
                for (int i = 0; i < 50; i++, operations++) (x + y).leaky_relu(0.2);
            }
            return (operations, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            stop.Cancel();
            allocator.Join();
        }
    }
}
