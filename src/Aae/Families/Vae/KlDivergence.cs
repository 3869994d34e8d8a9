using Aae.Priors;
using static TorchSharp.torch;

namespace Aae.Families.Vae;

/// <summary>KL(q(z|x) || p(z)) per image, for a Gaussian posterior q = N(mean, exp(logVariance)).</summary>
static class KlDivergence
{
    /// <summary>
    /// Closed form against N(0, s² I): ½ Σ (σ² + μ²)/s² - 1 - log σ² + log s² (Kingma and Welling's
    /// appendix B for s = 1). [N].
    /// </summary>
    public static Tensor ToGaussian(Tensor mean, Tensor logVariance, double priorSd)
    {
        float priorVariance = (float)(priorSd * priorSd);
        return ((logVariance.exp() + mean.square()) / priorVariance - 1 - logVariance + (float)Math.Log(priorVariance)).sum(1).mul(0.5f);
    }

    /// <summary>
    /// One-sample Monte-Carlo estimate at <paramref name="z"/> drawn from q: log q(z|x) - log p(z),
    /// for priors without a closed form (the umbrella and swiss-roll mixtures). Unbiased; its
    /// gradient flows through z (the reparameterisation) and through q's parameters. [N].
    /// </summary>
    public static Tensor MonteCarlo(Tensor z, Tensor mean, Tensor logVariance, IPrior prior)
    {
        var logPosterior = ((z - mean).square() / logVariance.exp() + logVariance + (float)Math.Log(2 * Math.PI)).sum(1).mul(-0.5f);
        return logPosterior - prior.LogDensity(z);
    }
}
