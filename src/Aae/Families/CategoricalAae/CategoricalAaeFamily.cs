using Aae.Config;
using Aae.Evaluation;
using Aae.Export;
using Aae.Data;
using Aae.Networks;
using Aae.Priors;
using Aae.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aae.Families.CategoricalAae;

/// <summary>
/// The AAE paper's semi-supervised and unsupervised-clustering model (its sections 5 and 6): the
/// encoder gives a category y (softmax over K) and a style z; the decoder draws the image from
/// [y, z]; one discriminator pushes y towards one-hots of Cat(K), another z towards N(0, I). Every
/// batch runs three phases: reconstruction, regularisation and, given labelled images,
/// cross-entropy of y on a batch of them. It never sees the labels of its training batches.
/// </summary>
public sealed class CategoricalAaeFamily : ModelFamily, IAssignsCategories
{
    public static readonly FamilyDescriptor Descriptor = new("categorical-aae", "the paper's semi-supervised and clustering AAE: a category and a style",
        typeof(CategoricalAaeOptions), () => new CategoricalAaeOptions(), CategoricalAaeOptions.Settings,
        (config, _, shape, classes) => new CategoricalAaeFamily(config, shape, classes)) { Presets = CategoricalPresets.All };

    readonly CategoricalAaeOptions options;
    readonly CategoricalNetworks networks;
    readonly CategoricalPrior prior;
    // The encoder has an optimiser per phase (their rates are the phase learning rates), on shared weights.
    readonly FusedAdam reconstructionEncoder, decoderOptimizer, discriminatorsOptimizer, regularisationEncoder, semiSupervisedEncoder;
    readonly Parameter[] discriminatorParameters;
    readonly float inputNoise;
    readonly int shift;
    readonly float consistencyWeight;
    readonly float balanceWeight, balanceFloor;
    readonly float vatWeight, vatEpsilon, vatNeighbourScale;
    readonly bool detachCategory;
    readonly float adversarialWeight;
    readonly bool reconstructs;
    readonly bool semiSupervised;
    readonly float headCostWeight;
    NeighbourRadius? neighbourRadius;
    FamilySetUp? data;
    ImageDataset? labelledImages;

    public CategoricalAaeFamily(RunConfig config, long[] imageShape, int classCount)
        : this(config, (CategoricalAaeOptions)config.Family, imageShape, classCount) { }

    CategoricalAaeFamily(RunConfig config, CategoricalAaeOptions options, long[] imageShape, int classCount)
        : base(new CategoricalPrior(options.Categories, config.Prior.LatentSize, config.Prior.GaussianSd))
    {
        this.options = options;
        prior = (CategoricalPrior)Prior;
        semiSupervised = options.LabelledCount > 0;
        if (semiSupervised && classCount != options.Categories)
            throw new AaeException($"--labelled-count: semi-supervised classification needs one category per class: {config.Data.Dataset} has {classCount} classes, --categories is {options.Categories}");
        // Checked here too, so that a bad count is refused before the run folder exists.
        if (semiSupervised) LabelledSubset.CheckCount(options.LabelledCount, classCount);
        inputNoise = (float)options.InputNoise;
        shift = options.Shift;
        consistencyWeight = (float)options.Consistency;
        balanceWeight = (float)options.Balance;
        balanceFloor = (float)options.BalanceFloor;
        vatWeight = (float)options.Vat;
        vatEpsilon = (float)options.VatEpsilon;
        vatNeighbourScale = (float)options.VatNeighbourScale;
        detachCategory = options.DetachCategory;
        adversarialWeight = (float)options.AdversarialWeight;
        reconstructs = options.Reconstruction;
        headCostWeight = (float)options.HeadCost;
        var settings = config.Networks;
        networks = new CategoricalNetworks(
            NetworkFactory.Encoder(settings, imageShape, prior.Dimensions),
            options.HeadDistance > 0
                ? new ClusterHeadDecoder(prior.Categories, prior.StyleSize, options.HeadDistance, NetworkFactory.Decoder(settings, prior.StyleSize, imageShape))
                : NetworkFactory.Decoder(settings, prior.Dimensions, imageShape),
            NetworkFactory.Discriminator(settings, prior.Categories),
            NetworkFactory.Discriminator(settings, prior.StyleSize));
        var training = config.Training;
        reconstructionEncoder = new FusedAdam(networks.Encoder.parameters(), training.EncoderLearningRate, training.AdamBeta1);
        decoderOptimizer = new FusedAdam(networks.Decoder.parameters(), training.DecoderLearningRate, training.AdamBeta1);
        discriminatorParameters = [.. networks.CategoryDiscriminator.parameters(), .. networks.StyleDiscriminator.parameters()];
        discriminatorsOptimizer = new FusedAdam(discriminatorParameters, training.DiscriminatorLearningRate, training.AdamBeta1);
        regularisationEncoder = reconstructionEncoder.SameParameters(options.RegularisationLearningRate);
        semiSupervisedEncoder = reconstructionEncoder.SameParameters(options.SemiSupervisedLearningRate);
    }

    public CategoricalNetworks CategoricalNetworks => networks;
    /// <summary>The cluster heads of the paper's dimensionality reduction (--head-distance), else null.</summary>
    public ClusterHeadDecoder? ClusterHeads => networks.Decoder as ClusterHeadDecoder;
    public override nn.Module Networks => networks;
    public override IReadOnlyList<FusedAdam> Optimizers =>
        [reconstructionEncoder, decoderOptimizer, discriminatorsOptimizer, regularisationEncoder, semiSupervisedEncoder];
    public int CategoryCount => prior.Categories;
    public bool CategoriesAreClasses => semiSupervised;
    public override bool UsesBatchLabels => false;

    /// <summary>
    /// The labelled images of semi-supervised training (drawn once with the seed, recorded in
    /// labelled.json) and, for --vat-neighbour-scale's radii, the training images.
    /// </summary>
    public override void SetUp(FamilySetUp setUp)
    {
        data = setUp;
        if (semiSupervised) UseLabelledImages(LabelledSet.Of(setUp.Run, setUp.Train, options.LabelledCount, setUp.Seed));
        if (vatWeight > 0 && vatNeighbourScale > 0) neighbourRadius = new NeighbourRadius(setUp.Train);
    }

    /// <summary>Labelled images for the semi-supervised phase, owned by the family from now on (tests hand them in directly).</summary>
    internal void UseLabelledImages(ImageDataset labelled)
    {
        labelledImages?.Dispose();
        labelledImages = labelled;
    }

    /// <summary>The error on the validation images after each epoch: what epochs and schedules are chosen on.</summary>
    public override IReadOnlyList<(string Name, double Value)> EpochValues() =>
        data?.Validation is { } validation ? [("validation_error", CategoricalEvaluation.Error(this, data.Train, validation, options.IsClustering))] : [];

    public override void AddMetrics(Metrics metrics, FamilyEvaluation evaluation) =>
        CategoricalEvaluation.Add(metrics, this, evaluation.Train, evaluation.Validation, evaluation.Test, options.IsClustering);

    public override void AddFigures(FamilyFigures figures) =>
        CategoricalFigures.Draw(figures.Add, this, prior, figures.Train, figures.Test, figures.History, options.IsClustering, figures.Generator);

    public override OnnxSignature Onnx(long encoderWidth, long decoderWidth) => new(
        "logits_and_style", $"float32 [batch, {encoderWidth}]: the encoder's raw output: {CategoryCount} category logits (a softmax over them gives the category "
            + $"probabilities y), then the {encoderWidth - CategoryCount}-d style z; the decoder takes [softmax(logits), style]",
        "categories_and_style", $"float32 [batch, {decoderWidth}]: {CategoryCount} category probabilities (a one-hot picks a category), "
            + $"then the {decoderWidth - CategoryCount}-d style",
        [("aae.categories", CategoryCount.ToString())]);

    /// <summary>Codes [y, z]: the category probabilities, then the style.</summary>
    public override Tensor Encode(Tensor images)
    {
        var (logits, styles) = EncodeParts(images);
        return cat([softmax(logits, 1), styles], 1);
    }

    public override nn.Module<Tensor, Tensor> EncoderNetwork => networks.Encoder;

    public override nn.Module<Tensor, Tensor> DecoderNetwork => networks.Decoder;

    public override Tensor Decode(Tensor codes, Tensor? condition = null) => networks.Decoder.forward(codes);

    public Tensor CategoryProbabilities(Tensor images) => softmax(EncodeParts(images).Logits, 1);

    /// <summary>One batch: the three phases in turn; returns their losses (no labels of <paramref name="images"/> are used).</summary>
    public override StepLosses Step(Tensor images, Tensor labels, Generator generator)
    {
        var view = RandomShift.Apply(images, shift, generator);
        // Noise on the input in the reconstruction phase only (a denoising autoencoder): the other
        // phases shape y on clean images, the images it is judged on. Shaped on noisy ones only,
        // y of clean images was left free, and it put every clean image in one category.
        var (reconstruction, headCost) = reconstructs ? ReconstructionPhase(view, WithInputNoise(view, generator)) : (null, null);
        var otherView = consistencyWeight > 0 ? WithInputNoise(RandomShift.Apply(images, shift, generator), generator) : null;
        var regularisation = RegularisationPhase(view, otherView, generator);
        var losses = new StepLosses()
            .AddIfAny("reconstruction_loss", "recon", reconstruction)
            .AddIfAny("head_cost", "heads", headCost)
            .AddIfAny("discriminator_loss", "disc", regularisation.Discriminator)
            .AddIfAny("generator_loss", "gen", regularisation.Fooling)
            .AddIfAny("consistency_loss", "consistency", regularisation.Consistency)
            .AddIfAny("balance_loss", "balance", regularisation.Balance)
            .AddIfAny("vat_loss", "vat", regularisation.Vat);
        return semiSupervised ? losses.Add("supervised_loss", "supervised", SemiSupervisedPhase(images.shape[0], generator)) : losses;
    }

    protected override void DisposeOwned() => labelledImages?.Dispose();

    /// <summary>
    /// Encoder and decoder learn to reconstruct the clean image from the noisy one (binary
    /// cross-entropy per pixel); with --detach-category the category head takes no part. Cluster
    /// heads (--head-distance) learn here too, under their distance cost (returned beside).
    /// </summary>
    internal (Tensor Reconstruction, Tensor? HeadCost) ReconstructionPhase(Tensor images, Tensor noisy)
    {
        var (logits, styles) = EncodeParts(noisy);
        var categories = softmax(logits, 1);
        var codes = cat([detachCategory ? categories.detach() : categories, styles], 1);
        var reconstructions = networks.Decoder.forward(codes);
        var loss = binary_cross_entropy(reconstructions, images.view(reconstructions.shape));
        var headCost = ClusterHeads?.HeadCost();
        reconstructionEncoder.zero_grad();
        decoderOptimizer.zero_grad();
        (headCost is null ? loss : loss + headCostWeight * headCost).backward();
        reconstructionEncoder.step();
        decoderOptimizer.step();
        return (loss, headCost);
    }

    /// <summary>
    /// Both discriminators learn to tell prior draws (one-hots, Gaussian styles) from the encoder's
    /// y and z; then the encoder learns to pass both off as prior draws and, given
    /// <paramref name="otherView"/> (the same images moved and noisy), to give it the category it
    /// gives <paramref name="images"/>, and to spread the batch over all categories (the balance
    /// term) and to keep each image's category under a small worst-case move (virtual adversarial
    /// training). Returns the discriminators', fooling and the optional terms' losses (null when
    /// off; with --adversarial-weight 0 the discriminators take no part).
    /// </summary>
    internal (Tensor? Discriminator, Tensor? Fooling, Tensor? Consistency, Tensor? Balance, Tensor? Vat) RegularisationPhase(Tensor images, Tensor? otherView, Generator generator)
    {
        var (logits, styles) = EncodeParts(images);
        var categories = softmax(logits, 1);
        var (discriminatorLoss, foolingLoss) = adversarialWeight > 0 ? Adversarial(categories, styles, generator) : (null, null);
        Tensor? encoderLoss = foolingLoss is null ? null : adversarialWeight * foolingLoss;
        Tensor? consistencyLoss = null;
        if (otherView is not null)
        {
            // Cross-entropy of the other view's categories against this view's (held fixed).
            consistencyLoss = -(categories.detach() * log_softmax(EncodeParts(otherView).Logits, 1)).sum(1).mean();
            encoderLoss = Plus(encoderLoss, consistencyWeight * consistencyLoss);
        }
        Tensor? balanceLoss = null;
        if (balanceWeight > 0)
        {
            balanceLoss = BalanceTerm.Loss(categories, balanceFloor);
            encoderLoss = Plus(encoderLoss, balanceWeight * balanceLoss);
        }
        Tensor? vatLoss = null;
        if (vatWeight > 0)
        {
            var lengths = vatNeighbourScale > 0
                ? (neighbourRadius ?? throw new InvalidOperationException("--vat-neighbour-scale without training images")).Of(images).mul_(vatNeighbourScale)
                : null;
            vatLoss = VirtualAdversarialPerturbation.Loss(x => EncodeParts(x).Logits, images, categories.detach(), vatEpsilon, generator, lengths);
            encoderLoss = Plus(encoderLoss, vatWeight * vatLoss);
        }
        if (encoderLoss is not null)
        {
            regularisationEncoder.zero_grad();
            encoderLoss.backward();
            regularisationEncoder.step();
        }
        foreach (var parameter in discriminatorParameters) parameter.requires_grad = true;
        return (discriminatorLoss, foolingLoss, consistencyLoss, balanceLoss, vatLoss);
    }

    /// <summary>
    /// Both discriminators learn one step on [prior draws; codes]; returns their loss and the
    /// encoder's fooling loss, with the discriminators' weights frozen for the encoder's step.
    /// </summary>
    (Tensor Discriminator, Tensor Fooling) Adversarial(Tensor categories, Tensor styles, Generator generator)
    {
        long batch = categories.shape[0];
        var drawnCategories = prior.OneHot(randint(prior.Categories, [batch], dtype: ScalarType.Int64, generator: generator));
        var drawnStyles = prior.SampleStyles(batch, generator);
        // One forward per discriminator over both halves: [prior draws; codes].
        var categoryLogits = networks.CategoryDiscriminator.forward(cat([drawnCategories, categories.detach()]));
        var styleLogits = networks.StyleDiscriminator.forward(cat([drawnStyles, styles.detach()]));
        var discriminatorLoss = Separation(categoryLogits, batch) + Separation(styleLogits, batch);
        discriminatorsOptimizer.zero_grad();
        discriminatorLoss.backward();
        discriminatorsOptimizer.step();

        foreach (var parameter in discriminatorParameters) parameter.requires_grad = false;
        var foolingLoss = softplus(-networks.CategoryDiscriminator.forward(categories)).mean()
            + softplus(-networks.StyleDiscriminator.forward(styles)).mean();
        return (discriminatorLoss, foolingLoss);
    }

    static Tensor Plus(Tensor? sum, Tensor term) => sum is null ? term : sum + term;

    /// <summary>The y head learns the labels of a batch drawn (with replacement) from the labelled images.</summary>
    internal Tensor SemiSupervisedPhase(long batch, Generator generator)
    {
        var labelled = labelledImages ?? throw new InvalidOperationException("semi-supervised training without labelled images");
        var picks = randint(labelled.Count, [batch], dtype: ScalarType.Int64, generator: generator);
        var images = RandomShift.Apply(labelled.FloatImages(picks), shift, generator);
        var loss = cross_entropy(EncodeParts(images).Logits, labelled.Labels.index_select(0, picks));
        semiSupervisedEncoder.zero_grad();
        loss.backward();
        semiSupervisedEncoder.step();
        return loss;
    }

    (Tensor Logits, Tensor Styles) EncodeParts(Tensor images)
    {
        var output = networks.Encoder.forward(images);
        return (output.narrow(1, 0, prior.Categories), output.narrow(1, prior.Categories, prior.StyleSize));
    }

    Tensor WithInputNoise(Tensor images, Generator generator) =>
        inputNoise == 0 ? images : images + randn(images.shape, generator: generator).mul_(inputNoise);

    /// <summary>Binary cross-entropy of logits [prior draws; codes] against targets 1 and 0, as softplus.</summary>
    static Tensor Separation(Tensor logits, long batch) =>
        softplus(-logits.narrow(0, 0, batch)).mean() + softplus(logits.narrow(0, batch, batch)).mean();
}
