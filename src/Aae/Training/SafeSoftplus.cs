using static TorchSharp.torch;

namespace Aae.Training;

/// <summary>
/// softplus(x) = log(1 + e^x), as relu(x) + log1p(e^-|x|): exact and stable for every x. Not
/// TorchSharp's softplus: it passes beta and threshold as temporary Scalars, and twice a training
/// stopped inside it with libtorch's "Expected false to be true" from Scalar::toFloat (once in CI),
/// as if a Scalar had been freed during the native call. This form takes no Scalar.
/// </summary>
public static class SafeSoftplus
{
    public static Tensor Of(Tensor x) => x.relu() + x.abs().neg().exp().log1p();
}
