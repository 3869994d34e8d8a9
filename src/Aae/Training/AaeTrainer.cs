using System.Diagnostics;
using Aae.Data;
using Aae.Experiments;
using Aae.Models;
using Aae.Priors;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aae.Training;

/// <summary>
/// The study's two-phase AAE step on every batch: first the discriminator learns to tell prior
/// samples from codes, then the encoder and decoder learn to reconstruct while fooling it.
/// </summary>
public sealed class AaeTrainer
{
    readonly ExperimentConfig config;
    readonly AdversarialAutoencoder model;
    readonly IPrior prior;
    // Kept for switching the discriminator's requires_grad twice a step without walking the module.
    readonly Parameter[] discriminatorParameters;

    public AaeTrainer(ExperimentConfig config, AdversarialAutoencoder model, IPrior prior)
    {
        this.config = config;
        this.model = model;
        this.prior = prior;
        EncoderOptimizer = new FusedAdam(model.Encoder.parameters(), config.EncoderLearningRate);
        DecoderOptimizer = new FusedAdam(model.Decoder.parameters(), config.DecoderLearningRate);
        DiscriminatorOptimizer = new FusedAdam(model.Discriminator.parameters(), config.DiscriminatorLearningRate);
        discriminatorParameters = model.Discriminator.parameters().ToArray();
        NativeHeap.KeepFreedMemory();
    }

    public FusedAdam EncoderOptimizer { get; }
    public FusedAdam DecoderOptimizer { get; }
    public FusedAdam DiscriminatorOptimizer { get; }
    public IEnumerable<FusedAdam> Optimizers => [EncoderOptimizer, DecoderOptimizer, DiscriminatorOptimizer];

    /// <summary>Trains one epoch over <paramref name="data"/>; returns null when cancelled part-way.</summary>
    public EpochRecord? TrainEpoch(ImageDataset data, int epoch, int totalEpochs, Generator generator,
        Action<StepProgress>? onStep = null, CancellationToken cancellation = default)
    {
        model.train();
        var clock = Stopwatch.StartNew();
        int steps = Batches.Count(data.Count, config.BatchSize), step = 0;
        long imagesSeen = 0;
        double reconstruction = 0, discrimination = 0, generation = 0, onPrior = 0, onCodes = 0;
        foreach (var indices in Batches.Shuffled(data.Count, config.BatchSize, generator))
        {
            if (cancellation.IsCancellationRequested) return null;
            using (var scope = NewDisposeScope())
            {
                var images = data.FloatImages(indices);
                var labels = data.Labels.index_select(0, indices);
                // One read-back of all five values: each indexing would be a call into libtorch.
                var losses = Step(images, labels, generator).data<float>().ToArray();
                if (losses.Any(float.IsNaN))
                    throw new AaeException($"training diverged at epoch {epoch}, step {step + 1}: a loss became NaN (try a smaller --lr or --lambda)");
                reconstruction += losses[0];
                discrimination += losses[1];
                generation += losses[2];
                onPrior += losses[3];
                onCodes += losses[4];
            }
            imagesSeen += indices.shape[0];
            indices.Dispose();
            step++;
            onStep?.Invoke(new StepProgress(epoch, totalEpochs, step, steps, reconstruction / step, discrimination / step,
                imagesSeen / clock.Elapsed.TotalSeconds));
        }
        return new EpochRecord(epoch, reconstruction / step, discrimination / step, generation / step,
            onPrior / step, onCodes / step, clock.Elapsed.TotalSeconds);
    }

    /// <summary>One batch; returns [reconstruction, discriminator, generator loss, mean D(prior), mean D(code)].</summary>
    Tensor Step(Tensor images, Tensor labels, Generator generator)
    {
        long batch = images.shape[0];
        var (components, condition) = ComponentsAndCondition(labels, generator);
        var fromPrior = prior.Sample(components, generator);
        var codes = model.Encoder.forward(images);

        // Regularisation phase, discriminator: prior samples are "real" (1), codes "fake" (0).
        // One forward over both halves instead of two: half the discriminator's op launches.
        var fixedCodes = codes.detach();
        var bothLogits = model.Discriminator.forward(
            WithCondition(cat([fromPrior, fixedCodes]), condition is null ? null : cat([condition, condition])));
        var separation = PassedOffAsPrior(bothLogits.narrow(0, 0, batch)) + TakenForCodes(bothLogits.narrow(0, batch, batch));
        if (config.GradientPenalty > 0)
            separation = separation + (float)config.GradientPenalty * GradientPenalty(fromPrior, fixedCodes, condition, generator);
        var discriminatorLoss = (float)config.Lambda * separation;
        // The fused optimisers' zero_grad zeroes their flat gradient buffers and backward adds into
        // them: the same gradients as dropping them (set_to_none, as the PyTorch reference does).
        DiscriminatorOptimizer.zero_grad();
        discriminatorLoss.backward();
        DiscriminatorOptimizer.step();

        // Reconstruction phase, with the encoder also trying to pass its codes off as prior samples.
        // D(codes) is evaluated again with the updated discriminator, whose weights stay fixed here.
        SetRequiresGrad(discriminatorParameters, false);
        // With the adaptive weight the two gradients are taken apart at the codes (BalancedBackward).
        var atCodes = config.AdaptiveLambda ? codes.detach().requires_grad_(true) : codes;
        var reconstructions = model.Decoder.forward(atCodes);
        var reconstructionLoss = mse_loss(reconstructions, images.view(reconstructions.shape));
        var foolingLogits = model.Discriminator.forward(WithCondition(atCodes, condition));
        var generatorLoss = PassedOffAsPrior(foolingLogits);
        EncoderOptimizer.zero_grad();
        DecoderOptimizer.zero_grad();
        if (config.AdaptiveLambda)
            BalancedBackward(codes, atCodes, reconstructionLoss, generatorLoss);
        else
            (reconstructionLoss + (float)config.Lambda * generatorLoss).backward();
        EncoderOptimizer.step();
        DecoderOptimizer.step();
        SetRequiresGrad(discriminatorParameters, true);

        using var noGrad = no_grad();
        var meanOutputs = bothLogits.sigmoid().view(2, batch).mean([1]);  // D(prior), D(code)
        return cat([stack([reconstructionLoss, discriminatorLoss, generatorLoss]), meanOutputs]);
    }

    // Binary cross-entropy of D's logits against all-ones and all-zeros targets, as softplus: one or
    // two small kernels each way, where binary_cross_entropy_with_logits runs half a dozen.
    static Tensor PassedOffAsPrior(Tensor logits) => softplus(-logits).mean();

    static Tensor TakenForCodes(Tensor logits) => softplus(logits).mean();

    /// <summary>
    /// Which prior component each batch position samples from, and the one-hot the discriminator sees.
    /// With labels, a random fraction of positions carries its class (and samples that class's
    /// component); the rest carry the extra "unlabelled" class and sample a random component.
    /// </summary>
    (Tensor components, Tensor? condition) ComponentsAndCondition(Tensor labels, Generator generator)
    {
        long batch = labels.shape[0];
        var components = randint(prior.ComponentCount, [batch], dtype: ScalarType.Int64, generator: generator);
        if (model.LabelClasses == 0) return (components, null);

        long labelled = (long)Math.Round(config.LabelledFraction * batch);
        var labelledPositions = randperm(batch, generator: generator)[..(int)labelled];
        var classes = full([batch], model.LabelClasses - 1, ScalarType.Int64);
        var knownLabels = labels.index_select(0, labelledPositions);
        classes.index_copy_(0, labelledPositions, knownLabels);
        components.index_copy_(0, labelledPositions, knownLabels);
        return (components, one_hot(classes, model.LabelClasses).to_type(ScalarType.Float32));
    }

    /// <summary>
    /// Backward for the adaptive weighting: the encoder receives, at the codes, the reconstruction
    /// gradient plus the fooling gradient rescaled to λ times its size (as VQGAN's adaptive weight).
    /// With one fixed λ, a discriminator that separates 400-d codes easily sends gradients that
    /// swamp the reconstruction's and the autoencoder stops learning; rescaled, neither term can.
    /// </summary>
    void BalancedBackward(Tensor codes, Tensor atCodes, Tensor reconstructionLoss, Tensor generatorLoss)
    {
        reconstructionLoss.backward();  // the decoder's gradients, and atCodes.grad
        var towardsReconstruction = atCodes.grad!;
        var towardsPrior = autograd.grad([generatorLoss], [atCodes])[0];
        var weight = (float)config.Lambda * towardsReconstruction.norm() / (towardsPrior.norm() + 1e-12f);
        codes.backward([towardsReconstruction + weight * towardsPrior]);
    }

    /// <summary>
    /// Mean ‖∂logit/∂z‖² at random points between prior samples and codes (a zero-centred gradient
    /// penalty): it bounds how steeply the discriminator's logit can rise between the two, so a
    /// discriminator that separates them easily cannot send the encoder ever larger gradients.
    /// </summary>
    Tensor GradientPenalty(Tensor fromPrior, Tensor codes, Tensor? condition, Generator generator)
    {
        var mix = rand([fromPrior.shape[0], 1], generator: generator);
        var between = (mix * fromPrior + (1 - mix) * codes).requires_grad_(true);
        var logits = model.Discriminator.forward(WithCondition(between, condition));
        var gradient = autograd.grad([logits.sum()], [between], retain_graph: true, create_graph: true)[0];
        return gradient.square().sum(1).mean();
    }

    static Tensor WithCondition(Tensor codes, Tensor? condition) =>
        condition is null ? codes : cat([codes, condition], 1);

    static void SetRequiresGrad(IEnumerable<Parameter> parameters, bool value)
    {
        foreach (var parameter in parameters) parameter.requires_grad = value;
    }
}
