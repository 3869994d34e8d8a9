using Aae.Config;
using Aae.Networks;
using Aae.Priors;
using Aae.Training;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aae.Families.Wae;

/// <summary>
/// WAE-MMD (Tolstikhin et al. 2017): a deterministic autoencoder whose codes are matched to the
/// prior by an MMD penalty instead of a discriminator; one phase per batch:
/// minimise c(x, x̂) + λ·MMD(codes, prior samples), with c the squared distance per image (the paper's cost).
/// </summary>
public sealed class WaeFamily : ModelFamily
{
    public static readonly FamilyDescriptor Descriptor = new("wae", "WAE-MMD (Tolstikhin et al. 2017): an MMD penalty instead of a discriminator",
        typeof(WaeOptions), () => new WaeOptions(), WaeOptions.Settings,
        (config, prior, shape, _) => new WaeFamily(config, prior, shape)) { Presets = [Preset] };

    const int PresetEpochs = 60;

    static Presets.Preset Preset => new("mnist-wae", "MNIST, WAE-MMD (Tolstikhin et al.): an MMD penalty instead of a discriminator, 8-d Gaussian code",
        new RunConfig
        {
            Preset = "mnist-wae",
            Family = new WaeOptions { Lambda = 10 },
            Prior = new() { LatentSize = 8 },
            Training = new() { BatchSize = 100, AdamBeta1 = 0.5, Epochs = PresetEpochs },
        });

    readonly WaeNetworks networks;
    readonly FusedAdam encoderOptimizer, decoderOptimizer;
    readonly double lambda, priorVariance;

    public WaeFamily(RunConfig config, IPrior prior, long[] imageShape) : base(prior)
    {
        networks = new WaeNetworks(
            NetworkFactory.Encoder(config.Networks, imageShape, prior.Dimensions),
            NetworkFactory.Decoder(config.Networks, prior.Dimensions, imageShape));
        var training = config.Training;
        encoderOptimizer = new FusedAdam(networks.Encoder.parameters(), training.EncoderLearningRate, training.AdamBeta1);
        decoderOptimizer = new FusedAdam(networks.Decoder.parameters(), training.DecoderLearningRate, training.AdamBeta1);
        lambda = ((WaeOptions)config.Family).Lambda;
        // The kernel's scale follows the prior's spread; the umbrella and swiss roll are about unit-sized.
        priorVariance = config.Prior.Kind == "gaussian" ? config.Prior.GaussianSd * config.Prior.GaussianSd : 1;
    }

    public override nn.Module Networks => networks;
    public override IReadOnlyList<FusedAdam> Optimizers => [encoderOptimizer, decoderOptimizer];

    public override Tensor Encode(Tensor images) => networks.Encoder.forward(images);

    public override nn.Module<Tensor, Tensor> EncoderNetwork => networks.Encoder;

    public override nn.Module<Tensor, Tensor> DecoderNetwork => networks.Decoder;

    public override Tensor Decode(Tensor codes, Tensor? condition = null) => networks.Decoder.forward(codes);

    /// <summary>One batch; returns the per-pixel reconstruction MSE and the MMD.</summary>
    public override StepLosses Step(Tensor images, Tensor labels, Generator generator)
    {
        var fromPrior = Prior.SampleAnyComponent(images.shape[0], generator);
        var codes = networks.Encoder.forward(images);
        var reconstructions = networks.Decoder.forward(codes);
        var reconstruction = mse_loss(reconstructions, images.view(reconstructions.shape));
        var mmd = Mmd.InverseMultiquadratic(codes, fromPrior, priorVariance);
        // mse × pixels = the squared distance per image, averaged over the batch.
        long pixels = images[0].numel();
        var loss = pixels * reconstruction + (float)lambda * mmd;
        encoderOptimizer.zero_grad();
        decoderOptimizer.zero_grad();
        loss.backward();
        encoderOptimizer.step();
        decoderOptimizer.step();
        using var noGrad = no_grad();
        return new StepLosses().Add("reconstruction_loss", "recon", reconstruction).Add("mmd", "mmd", mmd);
    }
}
