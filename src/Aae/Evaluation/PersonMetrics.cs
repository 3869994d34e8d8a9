using Aae.Data;
using Aae.Families;
using static TorchSharp.torch;

namespace Aae.Evaluation;

/// <summary>
/// For image folders whose classes are people (LFW): how well the codes, each named part of them
/// (<see cref="IHasCodeParts"/>) and, for comparison, the pixels tell people apart. Held-out images
/// of people trained on give the retrieval accuracy (gallery: the training images); held-out
/// people never trained on give the verification ROC AUC on balanced, seeded pairs.
/// </summary>
public static class PersonMetrics
{
    public const int VerificationPairs = 2000;

    public static void AddTo(Metrics metrics, ModelFamily model, ImageDataset train, Tensor trainCodes, ImageDataset heldOut,
        Tensor heldOutCodes, long seed)
    {
        using var scope = NewDisposeScope();
        var trainPeople = train.Labels.data<long>().ToArray();
        var heldOutPeople = heldOut.Labels.data<long>().ToArray();
        var known = trainPeople.ToHashSet();
        var unseen = Enumerable.Range(0, heldOutPeople.Length).Where(i => !known.Contains(heldOutPeople[i])).Select(i => (long)i).ToArray();
        var pairs = unseen.Length < 2 ? null : PersonMeasures.Pairs(unseen.Select(i => heldOutPeople[i]).ToArray(), VerificationPairs, seed);
        bool retrieval = unseen.Length < heldOutPeople.Length;
        if (!retrieval && pairs is null) return;

        var features = new List<(string Name, Tensor Train, Tensor HeldOut)> { ("codes", trainCodes, heldOutCodes) };
        foreach (var part in (model as IHasCodeParts)?.CodeParts ?? [])
            features.Add((part.Name, trainCodes.narrow(1, part.Start, part.Length), heldOutCodes.narrow(1, part.Start, part.Length)));
        features.Add(("pixels", HalfSize(train.Images), HalfSize(heldOut.Images)));

        if (retrieval)
        {
            metrics.Add("retrieval_chance", PersonMeasures.RetrievalChance(trainPeople, heldOutPeople));
            foreach (var (name, gallery, queries) in features)
                metrics.Add($"retrieval_accuracy_{name}", PersonMeasures.RetrievalAccuracy(gallery, trainPeople, queries, heldOutPeople));
        }
        if (pairs is null) return;
        using var unseenIndices = tensor(unseen);
        foreach (var (name, _, queries) in features)
            metrics.Add($"verification_auc_{name}", PersonMeasures.VerificationAuc(queries.index_select(0, unseenIndices), pairs));
    }

    /// <summary>uint8 images at half their side as floats (2 x 2 means), in chunks: the pixel baseline without a copy of every image in float32.</summary>
    static Tensor HalfSize(Tensor images)
    {
        var chunks = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += 1000)
        {
            long length = Math.Min(1000, images.shape[0] - start);
            chunks.Add(nn.functional.avg_pool2d(images.narrow(0, start, length).to_type(ScalarType.Float32), 2));
        }
        return cat(chunks);
    }
}
