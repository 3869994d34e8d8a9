using static TorchSharp.torch;

namespace Aae.Families.Aae;

/// <summary>
/// Backward for the adaptive weighting: the encoder receives, at the codes, the reconstruction
/// gradient plus the fooling gradient rescaled to λ times its size (as VQGAN's adaptive weight).
/// With one fixed λ, a discriminator that separates 400-d codes easily sends gradients that
/// swamp the reconstruction's and the autoencoder stops learning; rescaled, neither term can.
/// </summary>
static class AdaptiveWeight
{
    /// <param name="codes">The encoder's output (its graph leads back into the encoder).</param>
    /// <param name="atCodes">A detached copy of the codes that requires grad, through which both losses were computed.</param>
    public static void Backward(Tensor codes, Tensor atCodes, Tensor reconstructionLoss, Tensor generatorLoss, double lambda)
    {
        reconstructionLoss.backward();  // the decoder's gradients, and atCodes.grad
        var towardsReconstruction = atCodes.grad!;
        var towardsPrior = autograd.grad([generatorLoss], [atCodes])[0];
        codes.backward([towardsReconstruction + Weight(towardsReconstruction, towardsPrior, lambda) * towardsPrior]);
    }

    /// <summary>λ·‖∇reconstruction‖ / ‖∇fooling‖: the factor that gives the fooling gradient λ times the reconstruction gradient's norm.</summary>
    internal static Tensor Weight(Tensor towardsReconstruction, Tensor towardsPrior, double lambda) =>
        (float)lambda * towardsReconstruction.norm() / (towardsPrior.norm() + 1e-12f);
}
