using Aae.Data;
using Aae.Evaluation;

namespace Aae.Tests;

[Trait("Category", "Unit")]
public sealed class SemiSupervisedPartsTests
{
    [Fact]
    public void ClusterAccuracyMapsEachCategoryToItsMajorityLabel()
    {
        // Category 0: labels 7,7,1 -> 7 (purity 2/3); category 1: 3,3,3,5 -> 3 (3/4); category 2: 1,5 tie -> 1; category 3 empty.
        int[] trainCategories = [0, 0, 0, 1, 1, 1, 1, 2, 2];
        int[] trainLabels = [7, 7, 1, 3, 3, 3, 5, 5, 1];
        var clusters = ClusterAccuracy.Fit(trainCategories, trainLabels, categoryCount: 4);
        Assert.Equal([new Category(0, 3, 7, 2 / 3.0), new Category(1, 4, 3, 0.75), new Category(2, 2, 1, 0.5), new Category(3, 0, -1, 0)],
            clusters.Categories);
        // Test: (0,7) right, (0,1) wrong, (1,3) right, (2,1) right, (3,4) wrong (empty category), (1,5) wrong: 3 of 6.
        Assert.Equal(0.5, clusters.Accuracy([0, 0, 1, 2, 3, 1], [7, 1, 3, 1, 4, 5]));
    }

    [Fact]
    public void TheLabelledSubsetIsBalancedAndRepeatable()
    {
        var labels = Enumerable.Range(0, 1000).Select(i => (i * 7 + i / 13) % 10).ToArray();
        var subset = LabelledSubset.Draw(labels, 100, 10, seed: 4);
        Assert.Equal(100, subset.Distinct().Count());
        Assert.All(Enumerable.Range(0, 10), k => Assert.Equal(10, subset.Count(i => labels[i] == k)));
        Assert.Equal(subset, LabelledSubset.Draw(labels, 100, 10, seed: 4));
        Assert.NotEqual(subset, LabelledSubset.Draw(labels, 100, 10, seed: 5));
        Assert.Throws<AaeException>(() => LabelledSubset.Draw(labels, 105, 10, seed: 4));
        Assert.Throws<AaeException>(() => LabelledSubset.Draw(labels.Take(50).ToArray(), 100, 10, seed: 4));
    }
}
