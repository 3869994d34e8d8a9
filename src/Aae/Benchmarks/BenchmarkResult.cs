namespace Aae.Benchmarks;

/// <summary>Median and range of repeated timings.</summary>
public sealed record Timing(double Median, double Min, double Max, int Count)
{
    public static Timing Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no timings", nameof(values));
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Timing(median, sorted[0], sorted[^1], n);
    }
}

/// <summary>What <see cref="StepBenchmark"/> measured; step times in milliseconds, FLOPs counted as in <see cref="FlopCount"/>.</summary>
public sealed record BenchmarkResult(
    int Threads,
    double MnistLoadSeconds,
    Timing MlpStepMs,
    long MlpStepFlops,
    IReadOnlyList<double> EpochSeconds,
    int EpochSteps,
    Timing ConvStepMs,
    long ConvStepFlops,
    Timing EncodeImagesPerSecond,
    long EncodeFlopsPerImage,
    int MatmulSize,
    Timing MatmulMs,
    long PeakRssBytes,
    IReadOnlyList<string> NativeLibraries,
    string MklKernels)
{
    /// <summary>The categorical AAE's step (mnist-semi-100: three phases, batch 100).</summary>
    public Timing CategoricalStepMs { get; init; } = new(0, 0, 0, 0);
    public Timing Epoch => Timing.Of(EpochSeconds.ToArray());
    public double MlpStepGflopsAchieved => MlpStepFlops / (MlpStepMs.Median * 1e6);
    public double ConvStepGflopsAchieved => ConvStepFlops / (ConvStepMs.Median * 1e6);
    public double EncodeGflopsAchieved => EncodeFlopsPerImage * EncodeImagesPerSecond.Median / 1e9;
    double MatmulFlops => 2.0 * MatmulSize * MatmulSize * MatmulSize;
    public double MatmulGflops => MatmulFlops / (MatmulMs.Median * 1e6);
    public double MatmulGflopsBest => MatmulFlops / (MatmulMs.Min * 1e6);
}
