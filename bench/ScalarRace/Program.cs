// Usage: ScalarRace [seconds]: the temporary-Scalar race without, then with, GC safe points (docs/platform-notes.md).
using Aae.Benchmarks;

var duration = TimeSpan.FromSeconds(args.Length > 0 ? double.Parse(args[0]) : 30);
TorchSharp.torch.set_num_threads(1);
foreach (bool guarded in new[] { false, true })
{
    var name = guarded ? "with safe points" : "without safe points";
    long collectionsBefore = GC.CollectionCount(0);
    var clock = System.Diagnostics.Stopwatch.StartNew();
    try
    {
        var (operations, seconds) = ScalarRace.Run(guarded, duration);
        Console.WriteLine($"{name}: {operations} calls in {seconds:F0} s, no error ({GC.CollectionCount(0) - collectionsBefore} collections)");
    }
    catch (Exception e)
    {
        Console.WriteLine($"{name}: libtorch failed after {clock.Elapsed.TotalSeconds:F1} s ({GC.CollectionCount(0) - collectionsBefore} collections): {e.Message.Split('\n')[0]}");
    }
}
