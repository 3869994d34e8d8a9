namespace Aae.Benchmarks;

/// <summary>What <see cref="StepBenchmark"/> times and how often; the defaults match bench/reference_aae.py --bench.</summary>
public sealed record BenchmarkOptions
{
    public int Threads { get; init; } = 2;
    public int MlpRepeats { get; init; } = 200;
    public int ConvRepeats { get; init; } = 20;
    /// <summary>Timed passes of the faces encoder over 256 images in evaluation mode.</summary>
    public int EncodeRepeats { get; init; } = 5;
    public int Epochs { get; init; } = 3;
    /// <summary>Timed steps of the categorical AAE (mnist-semi-100's networks, batch 100).</summary>
    public int CategoricalRepeats { get; init; } = 100;

    /// <summary>Untimed steps at the start of the step timings last at least this long (JIT warm-up).</summary>
    public double WarmupSeconds { get; init; } = 2;

    public int MatmulSize { get; init; } = 2048;
    public int MatmulRepeats { get; init; } = 10;

    /// <summary>F, the conv networks' channel multiplier.</summary>
    public int ConvWidth { get; init; } = 32;
    public int ConvBatchSize { get; init; } = 32;
    public int ConvLatentSize { get; init; } = 400;
    public long Seed { get; init; }

    /// <summary>Narrow conv networks need oneDNN off (see NetworkSettings.NeedsExactConvolutions); the caller sets it.</summary>
    public bool NeedsExactConvolutions => ConvWidth % 16 != 0;

    public void Validate()
    {
        if (Threads < 1) throw new AaeException($"--threads must be at least 1 (got {Threads})");
        if (MlpRepeats < 1 || ConvRepeats < 1 || CategoricalRepeats < 1 || EncodeRepeats < 1 || Epochs < 1 || MatmulRepeats < 1)
            throw new AaeException("benchmark repeats and epochs must be at least 1");
        if (WarmupSeconds < 0) throw new AaeException($"warm-up must not be negative (got {WarmupSeconds} s)");
        if (MatmulSize < 1) throw new AaeException($"--matmul-size must be at least 1 (got {MatmulSize})");
    }
}
