using System.Diagnostics;
using Aae.Data;
using Aae.Families;
using static TorchSharp.torch;

namespace Aae.Training;

/// <summary>
/// The training loop every model family shares: shuffled batches, the family's step, running
/// means of its named losses, the NaN check and cancellation. It knows no family's phases.
/// </summary>
public sealed class Trainer(ModelFamily family, int batchSize)
{
    /// <summary>Trains one epoch over <paramref name="data"/>; returns null when cancelled part-way.</summary>
    public EpochRecord? TrainEpoch(ImageDataset data, int epoch, int totalEpochs, Generator generator,
        Action<StepProgress>? onStep = null, CancellationToken cancellation = default)
    {
        family.Networks.train();
        IReadOnlyList<string> names = [], labels = [];
        double[] sums = [];
        var clock = Stopwatch.StartNew();
        int steps = Batches.Count(data.Count, batchSize), step = 0;
        long imagesSeen = 0;
        using var guard = GcSafePoints.Enter();
        foreach (var indices in Batches.Shuffled(data.Count, batchSize, generator))
        {
            if (cancellation.IsCancellationRequested) return null;
            guard.Reached();
            using (var scope = NewDisposeScope())
            {
                var images = data.FloatImages(indices);
                var batchLabels = family.UsesBatchLabels ? data.Labels.index_select(0, indices) : empty(0, ScalarType.Int64);
                var named = family.Step(images, batchLabels, generator);
                // One read-back of all the losses: each indexing would be a call into libtorch.
                var losses = named.Read();
                if (sums.Length == 0) (names, labels, sums) = (named.Names, named.Labels, new double[losses.Length]);
                if (losses.Any(float.IsNaN))
                    throw new AaeException($"training diverged at epoch {epoch}, step {step + 1}: a loss became NaN (try a smaller --lr or --lambda)");
                for (int i = 0; i < sums.Length; i++) sums[i] += losses[i];
            }
            imagesSeen += indices.shape[0];
            indices.Dispose();
            step++;
            if (onStep is not null)
                onStep(new StepProgress(epoch, totalEpochs, step, steps, names, labels, Means(sums, step), imagesSeen / clock.Elapsed.TotalSeconds));
        }
        return new EpochRecord(epoch, names, Means(sums, step), clock.Elapsed.TotalSeconds) { Labels = labels };
    }

    static double[] Means(double[] sums, int count) => sums.Select(s => s / count).ToArray();
}
