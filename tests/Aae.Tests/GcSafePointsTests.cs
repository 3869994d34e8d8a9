using System.Runtime;
using Aae.Config;
using Aae.Data;
using Aae.Families;
using Aae.Training;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>
/// TorchSharp's temporary Scalars against collections started by other threads (GcSafePoints).
/// Without safe points the loop below fails with libtorch's "Expected false to be true" within
/// 1-12 s here (bench/ScalarRace shows it); with them it ran 150 s without.
/// Alone: tests in other classes run in parallel, and their allocations would use up the
/// no-GC region's budget (and this class's allocating thread would race their libtorch calls).
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class GcSafePointsTests
{
    [Fact]
    public void LibtorchCallsWithTemporaryScalarsSurviveAThreadThatForcesCollections()
    {
        // 64 KB every 2 ms (32 MB/s, more than a training process's other threads allocate): collections
        // every few hundred ms, each at a safe point. Flat out, the other thread can use up the region's
        // whole budget inside one call, and the guard promises nothing then (it failed so in CI).
        var (operations, seconds) = Aae.Benchmarks.ScalarRace.Run(guarded: true, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(2));
        Assert.True(operations > 10_000, $"{operations} operations in {seconds:F0} s");
    }

    [Fact]
    public void NoCollectionStartsInsideATrainingStep()
    {
        // The heaviest step: the clustering model with virtual adversarial training and the balance term.
        var config = Presets.Find("mnist-cluster-16").Config.With(epochs: 1);
        var data = MnistLike.Load(TestData.MnistSlice, "mnist");
        var model = ModelFamilies.Build(config, [1, 28, 28], 10);
        var train = data.Train.Take(2000);
        int steps = 0, stepsWithoutCollection = 0;
        new Trainer(model, config.Training.BatchSize).TrainEpoch(train, 1, 1, new Generator(3), _ =>
        {
            // A collection during the step would have ended the no-GC region begun before it.
            steps++;
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) stepsWithoutCollection++;
        });
        Assert.Equal(20, steps);
        Assert.Equal(steps, stepsWithoutCollection);
        // The guard is a scope: the region ends with the epoch, collections are ordinary again.
        Assert.False(GcSafePoints.IsOpen);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }
}

/// <summary>Tests in this collection run after all others, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "runs alone";
}
