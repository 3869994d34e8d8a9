using System.Runtime.InteropServices;

namespace Aae.Networks;

/// <summary>
/// Switches libtorch's oneDNN (MKL-DNN) CPU kernels off. In libtorch 2.10, oneDNN's stride-1 3x3
/// convolutions (forward of the transposed one, backward of the plain one) now and then return NaN
/// or wrong values when the channel counts are small (seen with 12 to 24 channels on 2 threads;
/// never seen with the 64 to 128 channels of F = 32). Without oneDNN those layers are exact but
/// about 3 times slower, so only narrow conv64 networks turn it off. TorchSharp exposes no switch,
/// so this calls at::Context::setUserEnabledMkldnn in libtorch_cpu directly.
/// </summary>
static class OneDnn
{
    static bool disabled;

    /// <summary>Exact kernels for the rest of the process (see <see cref="ProcessSettings"/>).</summary>
    public static void Disable()
    {
        if (disabled || !OperatingSystem.IsLinux()) return;
        var context = GlobalContext();
        SetUserEnabledMkldnn(context, false);
        // NNPACK would be tried next; it does not support this CPU and warns at every try.
        SetUserEnabledNnpack(context, false);
        disabled = true;
    }

    [DllImport("libtorch_cpu.so", EntryPoint = "_ZN2at13globalContextEv")]
    static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu.so", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport("libtorch_cpu.so", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
}
