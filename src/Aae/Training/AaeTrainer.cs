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

    public AaeTrainer(ExperimentConfig config, AdversarialAutoencoder model, IPrior prior)
    {
        this.config = config;
        this.model = model;
        this.prior = prior;
        EncoderOptimizer = optim.Adam(model.Encoder.parameters(), config.EncoderLearningRate);
        DecoderOptimizer = optim.Adam(model.Decoder.parameters(), config.DecoderLearningRate);
        DiscriminatorOptimizer = optim.Adam(model.Discriminator.parameters(), config.DiscriminatorLearningRate);
        NativeHeap.KeepFreedMemory();
    }

    public OptimizerHelper EncoderOptimizer { get; }
    public OptimizerHelper DecoderOptimizer { get; }
    public OptimizerHelper DiscriminatorOptimizer { get; }
    public IEnumerable<OptimizerHelper> Optimizers => [EncoderOptimizer, DecoderOptimizer, DiscriminatorOptimizer];

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
                var losses = Step(images, labels, generator).data<double>().ToArray();
                if (losses.Any(double.IsNaN))
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
        var onPriorLogits = model.Discriminator.forward(WithCondition(fromPrior, condition));
        var onCodesLogits = model.Discriminator.forward(WithCondition(codes.detach(), condition));
        var ones = ones_like(onPriorLogits);
        var zeros = zeros_like(onPriorLogits);
        var discriminatorLoss = (float)config.Lambda *
            (binary_cross_entropy_with_logits(onPriorLogits, ones) + binary_cross_entropy_with_logits(onCodesLogits, zeros));
        // Module.zero_grad drops the gradients (set_to_none, as the PyTorch reference does) so backward
        // writes them fresh; the optimisers' zero_grad would zero-fill them and backward add into them.
        model.Discriminator.zero_grad();
        discriminatorLoss.backward();
        DiscriminatorOptimizer.step();

        // Reconstruction phase, with the encoder also trying to pass its codes off as prior samples.
        // D(codes) is evaluated again with the updated discriminator, whose weights stay fixed here.
        SetRequiresGrad(model.Discriminator, false);
        var reconstructions = model.Decoder.forward(codes);
        var reconstructionLoss = mse_loss(reconstructions, images.view(reconstructions.shape));
        var foolingLogits = model.Discriminator.forward(WithCondition(codes, condition));
        var generatorLoss = binary_cross_entropy_with_logits(foolingLogits, ones);
        var loss = reconstructionLoss + (float)config.Lambda * generatorLoss;
        model.Encoder.zero_grad();
        model.Decoder.zero_grad();
        loss.backward();
        EncoderOptimizer.step();
        DecoderOptimizer.step();
        SetRequiresGrad(model.Discriminator, true);

        using var noGrad = no_grad();
        return stack([reconstructionLoss, discriminatorLoss, generatorLoss,
            onPriorLogits.sigmoid().mean(), onCodesLogits.sigmoid().mean()]).to_type(ScalarType.Float64);
    }

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

    static Tensor WithCondition(Tensor codes, Tensor? condition) =>
        condition is null ? codes : cat([codes, condition], 1);

    static void SetRequiresGrad(nn.Module module, bool value)
    {
        foreach (var parameter in module.parameters()) parameter.requires_grad = value;
    }
}
