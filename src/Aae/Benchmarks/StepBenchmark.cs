using System.Diagnostics;
using Aae.Data;
using Aae.Evaluation;
using Aae.Config;
using Aae.Families;
using Aae.Networks;
using Aae.Training;
using static TorchSharp.torch;

namespace Aae.Benchmarks;

/// <summary>
/// Times the real training path (<see cref="Trainer.TrainEpoch"/> with the real data pipeline)
/// the way bench/reference_aae.py --bench times PyTorch: the MNIST MLP step, a whole MNIST
/// epoch, the 64x64 conv step, and a large matrix product as the practical ceiling.
/// </summary>
public static class StepBenchmark
{
    public static BenchmarkResult Run(BenchmarkOptions options, string dataDirectory, Action<string>? onStage = null)
    {
        options.Validate();
        var generator = new Generator((ulong)options.Seed);

        var clock = Stopwatch.StartNew();
        var mnist = MnistLike.Load(dataDirectory, "mnist");
        double loadSeconds = clock.Elapsed.TotalSeconds;
        try
        {
            // (a) and (b): the mnist-gaussian preset's networks and step, on the real training set.
            var preset = Presets.Find("mnist-gaussian").Config;
            var config = preset with { Training = preset.Training with { Threads = options.Threads, Seed = options.Seed } };
            using var model = ModelFamilies.Build(config, [mnist.Train.Channels, mnist.Train.Height, mnist.Train.Width], 10);
            int batchSize = config.Training.BatchSize;
            var trainer = new Trainer(model, batchSize);
            long mlpFlops;
            using (var probe = zeros(batchSize, mnist.Train.Channels, mnist.Train.Height, mnist.Train.Width))
                mlpFlops = FlopCount.Step(model, probe);

            onStage?.Invoke($"mlp step, batch {batchSize}: {options.MlpRepeats} timed steps");
            // As many warm-up steps as the reference (a tenth, at least 10), and at least WarmupSeconds.
            var mlp = TimeSteps(trainer, mnist.Train, batchSize, Math.Max(10, options.MlpRepeats / 10), options.WarmupSeconds,
                options.MlpRepeats, generator);

            onStage?.Invoke($"mnist epoch: {options.Epochs} timed epochs");
            var epochs = new List<double>();
            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                clock.Restart();
                trainer.TrainEpoch(mnist.Train, epoch, options.Epochs, generator);
                epochs.Add(clock.Elapsed.TotalSeconds);
            }

            onStage?.Invoke($"conv step, batch {options.ConvBatchSize}, F = {options.ConvWidth}: {options.ConvRepeats} timed steps");
            var (conv, convFlops, encode, encodeFlops) = TimeConvSteps(options, generator);

            onStage?.Invoke($"categorical step (mnist-semi-100), batch 100: {options.CategoricalRepeats} timed steps");
            var categorical = TimeCategoricalSteps(options, mnist.Train, generator);

            onStage?.Invoke($"matmul {options.MatmulSize}x{options.MatmulSize}: {options.MatmulRepeats} timed products");
            var matmul = TimeMatmul(options.MatmulSize, options.MatmulRepeats);

            using var self = Process.GetCurrentProcess();
            return new BenchmarkResult(options.Threads, loadSeconds, Timing.Of(mlp), mlpFlops, epochs,
                Batches.Count(mnist.Train.Count, batchSize), Timing.Of(conv), convFlops, Timing.Of(encode), encodeFlops,
                options.MatmulSize, Timing.Of(matmul), self.PeakWorkingSet64, NativeLibraries(),
                MklDispatch.Describe()) { CategoricalStepMs = Timing.Of(categorical) };
        }
        finally
        {
            mnist.Train.Dispose();
            mnist.Test.Dispose();
        }
    }

    /// <summary>
    /// Milliseconds per step of <paramref name="repeats"/> full-size steps, each from one onStep call
    /// to the next, so a step includes its batch's gathering and conversion and the losses'
    /// read-back, as in training. The first <paramref name="warmup"/> steps, and any in the first
    /// <see cref="BenchmarkOptions.WarmupSeconds"/>, are not timed: .NET compiles the hot methods
    /// again, optimised, in a background thread, which meanwhile competes with libtorch's threads.
    /// </summary>
    static List<double> TimeSteps(Trainer trainer, ImageDataset data, int batchSize, int warmup, double warmupSeconds,
        int repeats, Generator generator)
    {
        var times = new List<double>(repeats);
        int seen = 0;
        bool lastIsPartial = data.Count % batchSize != 0;
        using var enough = new CancellationTokenSource();
        var clock = new Stopwatch();
        var sinceStart = Stopwatch.StartNew();
        for (int epoch = 1; !enough.IsCancellationRequested; epoch++)
        {
            clock.Restart();
            trainer.TrainEpoch(data, epoch, epoch, generator, step =>
            {
                bool partial = lastIsPartial && step.Step == step.Steps;
                bool warm = ++seen > warmup && sinceStart.Elapsed.TotalSeconds >= warmupSeconds;
                if (!partial && warm) times.Add(clock.Elapsed.TotalMilliseconds);
                if (times.Count == repeats) enough.Cancel();
                clock.Restart();
            }, enough.Token);
        }
        return times;
    }

    /// <summary>The faces conv AAE (400-d Gaussian prior) on random 64x64 RGB bytes, held like a real dataset.</summary>
    /// <remarks>Also times inference with the same encoder: images/s of <see cref="Encoding.Encode"/> over the set, as evaluate, plot and transfer run it.</remarks>
    static (List<double> Times, long Flops, List<double> EncodeImagesPerSecond, long EncodeFlopsPerImage) TimeConvSteps(
        BenchmarkOptions options, Generator generator)
    {
        var config = new RunConfig
        {
            Preset = "bench-conv",
            Networks = new() { Architecture = "conv64", Features = options.ConvWidth, DiscriminatorHidden = [400, 200] },
            Prior = new() { LatentSize = options.ConvLatentSize },
            Training = new() { BatchSize = options.ConvBatchSize, Threads = options.Threads, Seed = options.Seed },
        };
        int size = ConvEncoder64.ImageSize, count = 8 * options.ConvBatchSize;
        using var faces = new ImageDataset(
            randint(256, [count, 3, size, size], ScalarType.Byte, generator: generator),
            zeros(count, ScalarType.Int64), ["face"]);
        using var model = ModelFamilies.Build(config, [3, size, size], 1);
        var trainer = new Trainer(model, options.ConvBatchSize);
        long flops;
        using (var probe = zeros(options.ConvBatchSize, 3, size, size))
            flops = FlopCount.Step(model, probe);
        var steps = TimeSteps(trainer, faces, options.ConvBatchSize, 3, options.WarmupSeconds, options.ConvRepeats, generator);

        long encodeFlops;
        using (var one = zeros(1, 3, size, size))
            encodeFlops = FlopCount.Forward(model.EncoderNetwork, one, out _);
        var encodes = new List<double>();
        for (int i = -1; i < options.EncodeRepeats; i++)
        {
            var clock = Stopwatch.StartNew();
            Encoding.Encode(model, faces).Dispose();
            if (i >= 0) encodes.Add(faces.Count / clock.Elapsed.TotalSeconds);  // the first pass warms up
        }
        return (steps, flops, encodes, encodeFlops);
    }

    /// <summary>
    /// The mnist-semi-100 preset's step (1000-unit networks, batch 100, all three phases) on the real
    /// training set, its 100 labelled images drawn as a run draws them.
    /// </summary>
    static List<double> TimeCategoricalSteps(BenchmarkOptions options, ImageDataset train, Generator generator)
    {
        var preset = Presets.Find("mnist-semi-100").Config;
        var config = preset with { Training = preset.Training with { Threads = options.Threads, Seed = options.Seed } };
        using var model = ModelFamilies.Build(config, [train.Channels, train.Height, train.Width], 10);
        // No run folder: the family draws its labelled images as a run would, without recording them.
        model.SetUp(new FamilySetUp(null, train, null, train, options.Seed));
        var trainer = new Trainer(model, config.Training.BatchSize);
        return TimeSteps(trainer, train, config.Training.BatchSize, Math.Max(5, options.CategoricalRepeats / 10), options.WarmupSeconds,
            options.CategoricalRepeats, generator);
    }

    /// <summary>Milliseconds per float32 product of two n x n matrices, written into a preallocated result.</summary>
    static List<double> TimeMatmul(int n, int repeats)
    {
        using var a = randn(n, n);
        using var b = randn(n, n);
        using var c = zeros(n, n);
        var times = new List<double>(repeats);
        var clock = new Stopwatch();
        for (int i = -2; i < repeats; i++)
        {
            using var scope = NewDisposeScope();
            clock.Restart();
            c.addmm_(a, b, beta: 0, alpha: 1);
            if (i >= 0) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    /// <summary>The BLAS/OpenMP libraries mapped into this process (which kernels libtorch really uses).</summary>
    static IReadOnlyList<string> NativeLibraries()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps)) return [];
        string[] wanted = ["blas", "mkl", "gomp", "iomp", "dnnl"];
        return File.ReadLines(maps)
            .Select(line => Path.GetFileName(line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? ""))
            .Where(name => name.StartsWith("lib", StringComparison.Ordinal) && name.Contains(".so", StringComparison.Ordinal)
                && wanted.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .Distinct().Order().ToArray();
    }
}
