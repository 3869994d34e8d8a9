using Aae.Evaluation;
using Aae.Priors;
using static TorchSharp.torch;

namespace Aae.Tests;

[Trait("Category", "Unit")]
public sealed class EvaluationTests
{
    [Fact]
    public void KnnVotesByMajorityAndBreaksTiesByNearness()
    {
        // Training codes on a line: three of class 1 near 0, two of class 2 near 10.
        var train = tensor(new float[] { 0, 0.1f, 0.2f, 10, 10.1f }).unsqueeze(1);
        var trainLabels = tensor(new long[] { 1, 1, 1, 2, 2 });
        var test = tensor(new float[] { 0.05f, 9.9f }).unsqueeze(1);
        // k=5 sees all five: class 1 wins 3-2 for both test points.
        Assert.Equal(0.5, LatentKnn.Accuracy(train, trainLabels, test, tensor(new long[] { 1, 2 }), k: 5));
        // k=2 at 9.9 sees the two class-2 points.
        Assert.Equal(1.0, LatentKnn.Accuracy(train, trainLabels, test, tensor(new long[] { 1, 2 }), k: 2));
        // k=4 at 9.9: two of each class, the nearest (10) is class 2.
        var tied = LatentKnn.Accuracy(train[1..], trainLabels[1..], test[1..], tensor(new long[] { 2 }), k: 4);
        Assert.Equal(1.0, tied);
    }

    [Fact]
    public void ModeAccuracyWithAndWithoutLabels()
    {
        var prior = new UmbrellaPrior();
        // Points on the long axes of components 0, 0, 1, 2.
        var codes = stack([prior.ComponentPath(0, 3)![1], prior.ComponentPath(0, 3)![1],
            prior.ComponentPath(1, 3)![1], prior.ComponentPath(2, 3)![1]]);
        var labels = tensor(new long[] { 0, 5, 1, 1 });
        Assert.Equal(0.5, ModeAccuracy.Supervised(prior, codes, labels));
        // Component 0 -> majority (tie 0/5, either counts 1), component 1 -> 1, component 2 -> 1: 3 of 4.
        Assert.Equal(0.75, ModeAccuracy.Unsupervised(prior, codes, labels));
    }
}
