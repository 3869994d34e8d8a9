using Aae.Data;
using Aae.Runs;
using static TorchSharp.torch;

namespace Aae.Families.CategoricalAae;

/// <summary>
/// The training images whose labels a semi-supervised run learns from: drawn with the run's seed,
/// balanced over classes, recorded in labelled.json when the run starts. Later opens of the run
/// (resume, evaluate, plot) read the record, so the set cannot change under a run.
/// </summary>
static class LabelledSet
{
    /// <summary>labelled.json: indices into the training images (the dataset's order) and their labels.</summary>
    sealed record Record(int[] Indices, int[] Labels);

    public static ImageDataset Of(RunFolder? run, ImageDataset train, int count, long seed)
    {
        using var indices = tensor(Indices(run, train, count, seed).Select(i => (long)i).ToArray());
        return train.Select(indices);
    }

    static int[] Indices(RunFolder? run, ImageDataset train, int count, long seed)
    {
        if (run is not null && File.Exists(run.LabelledPath))
        {
            var recorded = Json.Read<Record>(run.LabelledPath).Indices;
            if (recorded is null || recorded.Length != count || recorded.Any(i => i < 0 || i >= train.Count))
                throw new AaeException($"{run.LabelledPath}: expected {count} indices of training images (0..{train.Count - 1})");
            return recorded;
        }
        var labels = train.LabelArray();
        var indices = LabelledSubset.Draw(labels, count, train.ClassNames.Count, seed);
        if (run is not null) AtomicFile.WriteAllText(run.LabelledPath, Json.Serialize(new Record(indices, indices.Select(i => labels[i]).ToArray())));
        return indices;
    }
}
