namespace Aae.Experiments;

/// <summary>Settings of the pixel CNN on CIFAR-10 (the study's specialist baseline).</summary>
public sealed record CnnConfig
{
    public int Epochs { get; init; } = 12;
    public int BatchSize { get; init; } = 128;
    /// <summary>Peak AdamW learning rate; it decays to zero along a cosine over the run.</summary>
    public double LearningRate { get; init; } = 2e-3;
    public double WeightDecay { get; init; } = 5e-4;
    /// <summary>Channels of the first block (W, 2W, 4W).</summary>
    public int Width { get; init; } = 32;
    public bool Augment { get; init; } = true;
    public long Seed { get; init; }
    public int Threads { get; init; } = 2;
    /// <summary>Use the first N images of each CIFAR file only (quick looks).</summary>
    public int? Limit { get; init; }
    public IReadOnlyList<string>? Classes { get; init; }

    public void Validate()
    {
        if (Epochs < 1) throw new AaeException($"--epochs must be at least 1 (got {Epochs})");
        if (BatchSize < 1) throw new AaeException($"--batch-size must be at least 1 (got {BatchSize})");
        if (LearningRate <= 0) throw new AaeException($"--lr must be positive (got {LearningRate})");
        if (Width < 1) throw new AaeException($"--width must be at least 1 (got {Width})");
        if (Threads < 1) throw new AaeException($"--threads must be at least 1 (got {Threads})");
        if (Limit is < 1) throw new AaeException($"--limit must be at least 1 (got {Limit})");
    }
}
