namespace Aae.Config;

/// <summary>How long and how fast the networks learn, and the run's seed.</summary>
public sealed record TrainingSettings
{
    public int Epochs { get; init; } = 45;
    public int BatchSize { get; init; } = 128;
    public double EncoderLearningRate { get; init; } = 1e-3;
    public double DecoderLearningRate { get; init; } = 1e-3;
    public double DiscriminatorLearningRate { get; init; } = 1e-3;
    /// <summary>Every learning rate is multiplied by 0.1 from each of these epochs on.</summary>
    public int[] LearningRateDecayEpochs { get; init; } = [];
    /// <summary>Adam's β1 for every optimiser (0.9 as PyTorch; the WAE paper used 0.5).</summary>
    public double AdamBeta1 { get; init; } = 0.9;
    /// <summary>Drives weight initialisation, batches, prior samples and labelled positions.</summary>
    public long Seed { get; init; }
    public int Threads { get; init; } = 2;
    /// <summary>Epochs whose weights stay as checkpoints/epoch-N.ckpt (latest.ckpt is replaced every epoch).</summary>
    public int[] KeepCheckpoints { get; init; } = [];
    /// <summary>At the end of training also measure sample quality (Parzen log-likelihood, Fréchet distances; 28x28 grey images).</summary>
    public bool GenerativeMetrics { get; init; }

    /// <summary>The multiple of the initial learning rates that epoch <paramref name="epoch"/> trains with.</summary>
    public double LearningRateScale(int epoch) => Math.Pow(0.1, LearningRateDecayEpochs.Count(e => e <= epoch));

    internal void Validate()
    {
        Check.That(Epochs >= 1, $"--epochs must be at least 1 (got {Epochs})");
        Check.That(BatchSize >= 1, $"--batch-size must be at least 1 (got {BatchSize})");
        Check.That(EncoderLearningRate > 0 && DecoderLearningRate > 0 && DiscriminatorLearningRate > 0, "learning rates must be positive");
        Check.That(LearningRateDecayEpochs.All(e => e >= 2),
            $"--lr-decay-epochs: epochs must be at least 2 (got {string.Join(",", LearningRateDecayEpochs)})");
        Check.That(AdamBeta1 is >= 0 and < 1, $"--adam-beta1 must be in [0, 1) (got {AdamBeta1})");
        Check.That(Threads >= 1, $"--threads must be at least 1 (got {Threads})");
        Check.That(KeepCheckpoints.All(e => e >= 1 && e <= Epochs),
            $"--keep-checkpoints: epochs must be between 1 and --epochs {Epochs} (got {string.Join(",", KeepCheckpoints)})");
    }
}
