using System.Reflection;
using static TorchSharp.torch;

namespace Aae.Training;

/// <summary>
/// softplus(x) = log(1 + e^x), libtorch's kernel, with its two Scalar arguments (beta 1, threshold
/// 20) held until the call returns. Through TorchSharp's public softplus(double, double) they are
/// temporaries nothing refers to during the native call, and twice a training stopped inside it
/// with libtorch's "Expected false to be true" from Scalar::toFloat (once in CI), as a Scalar
/// finalised mid-call would. TorchSharp 0.107 takes Scalars only in a private overload, called here
/// by reflection: the same kernel, so runs repeat exactly as before.
/// </summary>
public static class SafeSoftplus
{
    static readonly MethodInfo WithScalars = typeof(Tensor).GetMethod("softplus1", BindingFlags.NonPublic | BindingFlags.Instance,
        [typeof(Scalar), typeof(Scalar)]) ?? throw new MissingMethodException("TorchSharp's Tensor.softplus1(Scalar, Scalar)");

    public static Tensor Of(Tensor x)
    {
        using var beta = 1.0.ToScalar();
        using var threshold = 20.0.ToScalar();
        var result = (Tensor)WithScalars.Invoke(x, BindingFlags.DoNotWrapExceptions, null, [beta, threshold], null)!;
        GC.KeepAlive(beta);
        GC.KeepAlive(threshold);
        return result;
    }
}
