namespace Aae.Evaluation;

/// <summary>One category of an unsupervised model: how many training images it took, the label it stands for, and how pure it is.</summary>
public sealed record Category(int Index, int Size, int Label, double Purity);

/// <summary>
/// The AAE paper's clustering protocol: each category stands for the majority label of the training
/// images assigned to it; the accuracy is measured on other (test) images through that mapping.
/// </summary>
public sealed class ClusterAccuracy
{
    ClusterAccuracy(IReadOnlyList<Category> categories) => Categories = categories;

    public IReadOnlyList<Category> Categories { get; }

    /// <summary>Maps categories 0..categoryCount-1 to labels from the training images' assignments; an empty category maps to label -1.</summary>
    public static ClusterAccuracy Fit(IReadOnlyList<int> trainCategories, IReadOnlyList<int> trainLabels, int categoryCount)
    {
        if (trainCategories.Count != trainLabels.Count)
            throw new ArgumentException($"{trainCategories.Count} assignments but {trainLabels.Count} labels");
        var counts = new Dictionary<int, int>[categoryCount];
        for (int k = 0; k < categoryCount; k++) counts[k] = [];
        for (int i = 0; i < trainCategories.Count; i++)
        {
            int category = trainCategories[i];
            if (category < 0 || category >= categoryCount) throw new ArgumentException($"category {category} out of range 0..{categoryCount - 1}");
            counts[category][trainLabels[i]] = counts[category].GetValueOrDefault(trainLabels[i]) + 1;
        }
        var categories = counts.Select((c, k) =>
        {
            int size = c.Values.Sum();
            if (size == 0) return new Category(k, 0, -1, 0);
            // The smallest label among equally frequent ones, so ties break the same way every time.
            var majority = c.OrderByDescending(p => p.Value).ThenBy(p => p.Key).First();
            return new Category(k, size, majority.Key, majority.Value / (double)size);
        }).ToList();
        return new ClusterAccuracy(categories);
    }

    /// <summary>The label each assignment stands for.</summary>
    public int[] Predict(IReadOnlyList<int> categories) => categories.Select(k => Categories[k].Label).ToArray();

    /// <summary>Fraction of images whose category stands for their label.</summary>
    public double Accuracy(IReadOnlyList<int> categories, IReadOnlyList<int> labels)
    {
        var predicted = Predict(categories);
        return predicted.Zip(labels).Count(p => p.First == p.Second) / (double)labels.Count;
    }
}
