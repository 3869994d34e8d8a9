using Aae.Config;
using Aae.Networks;
using Aae.Priors;
using Aae.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aae.Families.Aae;

/// <summary>
/// The study's AAE (Makhzani et al. 2015): on every batch the discriminator first learns to tell
/// prior samples from codes (regularisation phase), then the encoder and decoder learn to
/// reconstruct while fooling it (reconstruction phase). Optionally the discriminator also sees a
/// fraction of the labels, which places each class on its own prior component.
/// </summary>
public class AaeFamily : ModelFamily, ICodeDiscriminator
{
    public static readonly FamilyDescriptor Descriptor = new("aae", "the study's adversarial autoencoder",
        typeof(AaeOptions), () => new AaeOptions(), AaeOptions.Settings,
        (config, prior, shape, classes) => new AaeFamily(config, prior, shape, classes)) { Presets = AaePresets.All };

    readonly AdversarialOptions settings;
    readonly bool useLabels;
    readonly double labelledFraction;
    readonly AaeNetworks networks;
    readonly FusedAdam encoderOptimizer, decoderOptimizer, discriminatorOptimizer;
    // Kept for switching the discriminator's requires_grad twice a step without walking the module.
    readonly Parameter[] discriminatorParameters;

    /// <param name="classCount">Classes of the training data (0 when unknown).</param>
    public AaeFamily(RunConfig config, IPrior prior, long[] imageShape, int classCount)
        : this(config, prior, imageShape, classCount, decoderClasses: 0,
            // With labels the discriminator's one-hot covers every component plus one "unlabelled" class.
            discriminatorClasses: config.Family is AaeOptions { UseLabels: true } ? prior.ComponentCount + 1 : 0) { }

    /// <param name="decoderClasses">Size of the one-hot the decoder takes beside the code (the supervised AAE), else 0.</param>
    /// <param name="discriminatorClasses">Size of the one-hot the discriminator sees beside the code, else 0.</param>
    protected AaeFamily(RunConfig config, IPrior prior, long[] imageShape, int classCount, int decoderClasses, int discriminatorClasses)
        : base(prior)
    {
        settings = (AdversarialOptions)config.Family;
        useLabels = settings is AaeOptions { UseLabels: true };
        labelledFraction = settings is AaeOptions aae ? aae.LabelledFraction : 0;
        if (useLabels && classCount > 0 && classCount != prior.ComponentCount)
            throw new AaeException(
                $"--labels needs one prior component per class: {config.Data.Dataset} has {classCount} classes, the prior {prior.ComponentCount} components");
        LabelClasses = discriminatorClasses;
        int latent = prior.Dimensions;
        networks = new AaeNetworks(
            NetworkFactory.Encoder(config.Networks, imageShape, latent),
            NetworkFactory.Decoder(config.Networks, latent + decoderClasses, imageShape),
            NetworkFactory.Discriminator(config.Networks, latent + LabelClasses));
        var training = config.Training;
        encoderOptimizer = new FusedAdam(networks.Encoder.parameters(), training.EncoderLearningRate, training.AdamBeta1);
        decoderOptimizer = new FusedAdam(networks.Decoder.parameters(), training.DecoderLearningRate, training.AdamBeta1);
        discriminatorOptimizer = new FusedAdam(networks.Discriminator.parameters(), training.DiscriminatorLearningRate, training.AdamBeta1);
        discriminatorParameters = networks.Discriminator.parameters().ToArray();
    }

    public AaeNetworks AaeNetworks => networks;
    protected FusedAdam EncoderOptimizer => encoderOptimizer;
    protected FusedAdam DecoderOptimizer => decoderOptimizer;
    protected AdversarialOptions AdversarialSettings => settings;
    public override nn.Module Networks => networks;
    public override IReadOnlyList<FusedAdam> Optimizers => [encoderOptimizer, decoderOptimizer, discriminatorOptimizer];

    /// <summary>Size of the one-hot the discriminator sees beside each code (0 without labels).</summary>
    public int LabelClasses { get; }
    public bool ClassesChooseComponents => useLabels;
    public nn.Module<Tensor, Tensor> DiscriminatorNetwork => networks.Discriminator;
    public int DiscriminatorConditionSize => LabelClasses;

    public override Tensor Encode(Tensor images) => networks.Encoder.forward(images);

    public override nn.Module<Tensor, Tensor> EncoderNetwork => networks.Encoder;

    public override nn.Module<Tensor, Tensor> DecoderNetwork => networks.Decoder;

    public override Tensor Decode(Tensor codes, Tensor? condition = null) => networks.Decoder.forward(codes);

    /// <summary>The decoder during training; the supervised AAE adds the batch's labels.</summary>
    protected virtual Tensor DecodeBatch(Tensor codes, Tensor labels) => networks.Decoder.forward(codes);

    public Tensor ScoreCodes(Tensor codes, Tensor? classes = null) =>
        networks.Discriminator.forward(WithCondition(codes, ScoringCondition(codes.shape[0], classes))).sigmoid().flatten();

    /// <summary>What the discriminator sees beside codes it scores: with labels, the "unlabelled" class.</summary>
    protected virtual Tensor? ScoringCondition(long count, Tensor? classes) => LabelClasses == 0 ? null
        : one_hot(full([count], LabelClasses - 1, ScalarType.Int64), LabelClasses).to_type(ScalarType.Float32);

    /// <summary>One batch: the regularisation phase, then the reconstruction phase; returns their losses and the discriminator's mean outputs.</summary>
    public override StepLosses Step(Tensor images, Tensor labels, Generator generator)
    {
        var (components, condition) = ComponentsAndCondition(labels, generator);
        var fromPrior = Prior.Sample(components, generator);
        var codes = networks.Encoder.forward(images);
        var (discriminatorLoss, bothLogits) = RegularisationPhase(fromPrior, codes.detach(), condition, generator);
        var (reconstructionLoss, generatorLoss) = ReconstructionPhase(images, labels, codes, condition);

        using var noGrad = no_grad();
        var meanOutputs = bothLogits.sigmoid().view(2, images.shape[0]).mean([1]);  // D(prior), D(code)
        return new StepLosses()
            .Add("reconstruction_loss", "recon", reconstructionLoss)
            .Add("discriminator_loss", "disc", discriminatorLoss)
            .Add("generator_loss", "gen", generatorLoss)
            .Add(["d_on_prior", "d_on_codes"], ["D(prior)", "D(code)"], meanOutputs);
    }

    /// <summary>The discriminator learns: prior samples are "real" (1), codes "fake" (0). Returns its loss and logits [prior; codes].</summary>
    internal (Tensor Loss, Tensor Logits) RegularisationPhase(Tensor fromPrior, Tensor fixedCodes, Tensor? condition, Generator generator)
    {
        long batch = fromPrior.shape[0];
        // One forward over both halves instead of two: half the discriminator's op launches.
        var bothLogits = networks.Discriminator.forward(
            WithCondition(cat([fromPrior, fixedCodes]), condition is null ? null : cat([condition, condition])));
        var separation = PassedOffAsPrior(bothLogits.narrow(0, 0, batch)) + TakenForCodes(bothLogits.narrow(0, batch, batch));
        if (settings.GradientPenalty > 0)
            separation = separation + (float)settings.GradientPenalty * GradientPenalty.AtMixtures(networks.Discriminator, fromPrior, fixedCodes, condition, generator);
        var loss = (float)settings.Lambda * separation;
        // The fused optimisers' zero_grad zeroes their flat gradient buffers and backward adds into
        // them: the same gradients as dropping them (set_to_none, as the PyTorch reference does).
        discriminatorOptimizer.zero_grad();
        loss.backward();
        discriminatorOptimizer.step();
        return (loss, bothLogits);
    }

    /// <summary>
    /// The encoder and decoder learn to reconstruct while passing the codes off as prior samples to
    /// the discriminator, whose weights stay fixed here. Returns the reconstruction and fooling losses.
    /// </summary>
    internal (Tensor Reconstruction, Tensor Fooling) ReconstructionPhase(Tensor images, Tensor labels, Tensor codes, Tensor? condition)
    {
        FreezeDiscriminator(true);
        // With the adaptive weight the two gradients are taken apart at the codes (AdaptiveWeight).
        var atCodes = settings.AdaptiveLambda ? codes.detach().requires_grad_(true) : codes;
        var reconstructions = DecodeBatch(atCodes, labels);
        var reconstructionLoss = mse_loss(reconstructions, images.view(reconstructions.shape));
        var generatorLoss = PassedOffAsPrior(networks.Discriminator.forward(WithCondition(atCodes, condition)));
        encoderOptimizer.zero_grad();
        decoderOptimizer.zero_grad();
        if (settings.AdaptiveLambda)
            AdaptiveWeight.Backward(codes, atCodes, reconstructionLoss, generatorLoss, settings.Lambda);
        else
            (reconstructionLoss + (float)settings.Lambda * generatorLoss).backward();
        encoderOptimizer.step();
        decoderOptimizer.step();
        FreezeDiscriminator(false);
        return (reconstructionLoss, generatorLoss);
    }

    // Binary cross-entropy of D's logits against all-ones and all-zeros targets, as softplus: one or
    // two small kernels each way, where binary_cross_entropy_with_logits runs half a dozen.
    internal static Tensor PassedOffAsPrior(Tensor logits) => softplus(-logits).mean();

    static Tensor TakenForCodes(Tensor logits) => softplus(logits).mean();

    /// <summary>
    /// Which prior component each batch position samples from, and the one-hot the discriminator sees.
    /// With labels, a random fraction of positions carries its class (and samples that class's
    /// component); the rest carry the extra "unlabelled" class and sample a random component.
    /// </summary>
    internal virtual (Tensor Components, Tensor? Condition) ComponentsAndCondition(Tensor labels, Generator generator)
    {
        long batch = labels.shape[0];
        var components = randint(Prior.ComponentCount, [batch], dtype: ScalarType.Int64, generator: generator);
        if (LabelClasses == 0) return (components, null);

        long labelled = (long)Math.Round(labelledFraction * batch);
        var labelledPositions = randperm(batch, generator: generator)[..(int)labelled];
        var classes = full([batch], LabelClasses - 1, ScalarType.Int64);
        var knownLabels = labels.index_select(0, labelledPositions);
        classes.index_copy_(0, labelledPositions, knownLabels);
        components.index_copy_(0, labelledPositions, knownLabels);
        return (components, one_hot(classes, LabelClasses).to_type(ScalarType.Float32));
    }

    internal static Tensor WithCondition(Tensor codes, Tensor? condition) =>
        condition is null ? codes : cat([codes, condition], 1);

    /// <summary>The discriminator's weights stay fixed (no gradients) while the autoencoder learns to fool it.</summary>
    protected void FreezeDiscriminator(bool frozen)
    {
        foreach (var parameter in discriminatorParameters) parameter.requires_grad = !frozen;
    }
}
