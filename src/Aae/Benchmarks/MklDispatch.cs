using System.Runtime.InteropServices;

namespace Aae.Benchmarks;

/// <summary>
/// Which matrix kernels libtorch's MKL runs on this CPU. MKL asks whether the CPU is Intel's and,
/// if not, runs generic kernels; the build lets it dispatch on CPU features instead
/// (build/mkl_dispatch_by_features.py). The benchmark reports which of the two is in effect.
/// </summary>
public static class MklDispatch
{
    [DllImport("libtorch_cpu.so", EntryPoint = "mkl_serv_intel_cpu_true")]
    static extern int IntelCodePaths();

    /// <summary>"by CPU features", "generic (non-Intel CPU)", or "unknown" when libtorch has no MKL.</summary>
    public static string Describe()
    {
        try
        {
            TorchSharp.torch.InitializeDeviceType(TorchSharp.DeviceType.CPU);
            return IntelCodePaths() == 1 ? "by CPU features" : "generic (non-Intel CPU)";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return "unknown";
        }
    }
}
