using Aae.Config;
using Aae.Export;
using Aae.Networks;
using Aae.Priors;
using Aae.Training;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aae.Families.Vae;

/// <summary>
/// The variational autoencoder (Kingma and Welling 2013), the AAE paper's point of comparison (its
/// Figure 2): a Gaussian encoder q(z|x) = N(μ(x), σ²(x)), a code drawn from it by the
/// reparameterisation z = μ + σ·ε, and one phase per batch minimising the negative ELBO:
/// the Bernoulli negative log-likelihood of the image under the decoder, plus β·KL(q(z|x) || p(z)),
/// in closed form for a Gaussian prior and estimated from the one drawn code for a mixture.
/// </summary>
public sealed class VaeFamily : ModelFamily
{
    public static readonly FamilyDescriptor Descriptor = new("vae", "the variational autoencoder (Kingma and Welling 2013): a KL term instead of a discriminator",
        typeof(VaeOptions), () => new VaeOptions(), VaeOptions.Settings,
        (config, prior, shape, _) => new VaeFamily(config, prior, shape)) { Presets = VaePresets.All };

    readonly VaeNetworks networks;
    readonly FusedAdam encoderOptimizer, decoderOptimizer;
    readonly float beta;
    readonly int latentSize;
    // The Gaussian prior's spread when the KL has its closed form; null for a mixture prior.
    readonly double? gaussianSd;

    public VaeFamily(RunConfig config, IPrior prior, long[] imageShape) : base(prior)
    {
        latentSize = prior.Dimensions;
        networks = new VaeNetworks(
            NetworkFactory.Encoder(config.Networks, imageShape, 2 * latentSize),
            NetworkFactory.Decoder(config.Networks, latentSize, imageShape));
        var training = config.Training;
        encoderOptimizer = new FusedAdam(networks.Encoder.parameters(), training.EncoderLearningRate, training.AdamBeta1);
        decoderOptimizer = new FusedAdam(networks.Decoder.parameters(), training.DecoderLearningRate, training.AdamBeta1);
        beta = (float)((VaeOptions)config.Family).Beta;
        gaussianSd = config.Prior.Kind == "gaussian" ? config.Prior.GaussianSd : null;
    }

    public override nn.Module Networks => networks;
    public override IReadOnlyList<FusedAdam> Optimizers => [encoderOptimizer, decoderOptimizer];
    public override bool UsesBatchLabels => false;

    /// <summary>The posterior's mean: the code a VAE's image is judged and drawn by.</summary>
    public override Tensor Encode(Tensor images) => networks.Posterior(images, latentSize).Mean;

    public override Tensor Decode(Tensor codes, Tensor? condition = null) => networks.Decoder.forward(codes);

    public override nn.Module<Tensor, Tensor> EncoderNetwork => networks.Encoder;

    public override nn.Module<Tensor, Tensor> DecoderNetwork => networks.Decoder;

    public override OnnxSignature Onnx(long encoderWidth, long decoderWidth) => OnnxSignature.Codes(encoderWidth, decoderWidth) with
    {
        EncoderOutput = "mean_and_log_variance",
        EncoderOutputDoc = $"float32 [batch, {encoderWidth}]: the posterior's {latentSize}-d mean (the code), then its {latentSize} log-variances",
    };

    /// <summary>One batch: draw a code from each image's posterior, decode it, step on NLL + β·KL; returns the per-pixel MSE beside them.</summary>
    public override StepLosses Step(Tensor images, Tensor labels, Generator generator)
    {
        var (mean, logVariance) = networks.Posterior(images, latentSize);
        var codes = mean + (logVariance * 0.5f).exp() * randn(mean.shape, generator: generator);
        var reconstructions = networks.Decoder.forward(codes);
        var target = images.view(reconstructions.shape);
        // The mean binary cross-entropy times the pixels: the negative log-likelihood per image.
        var negativeLogLikelihood = binary_cross_entropy(reconstructions, target) * (float)(reconstructions.numel() / reconstructions.shape[0]);
        var kl = (gaussianSd is { } sd ? KlDivergence.ToGaussian(mean, logVariance, sd) : KlDivergence.MonteCarlo(codes, mean, logVariance, Prior)).mean();
        var loss = negativeLogLikelihood + beta * kl;
        encoderOptimizer.zero_grad();
        decoderOptimizer.zero_grad();
        loss.backward();
        encoderOptimizer.step();
        decoderOptimizer.step();

        using var noGrad = no_grad();
        return new StepLosses()
            .Add("reconstruction_loss", "recon", mse_loss(reconstructions, target))
            .Add("negative_log_likelihood", "nll", negativeLogLikelihood)
            .Add("kl", "kl", kl);
    }
}
