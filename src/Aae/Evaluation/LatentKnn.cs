using static TorchSharp.torch;

namespace Aae.Evaluation;

/// <summary>A k-nearest-neighbour classifier in latent space: training codes vote on test labels.</summary>
public static class LatentKnn
{
    /// <summary>Fraction of test codes whose k nearest training codes' majority label is right (ties go to the nearer).</summary>
    public static double Accuracy(Tensor trainCodes, Tensor trainLabels, Tensor testCodes, Tensor testLabels, int k = 5)
    {
        using var scope = NewDisposeScope();
        int classes = (int)Math.Max(trainLabels.max().ToInt64(), testLabels.max().ToInt64()) + 1;
        // Nearer neighbours weigh a little more, so a tied vote goes to the class of the nearest.
        var weights = (ones(k) + arange(k, 0, -1) * 1e-3f).unsqueeze(0).unsqueeze(2);
        long correct = 0;
        const int chunk = 1000;
        for (int start = 0; start < testCodes.shape[0]; start += chunk)
        {
            using var inner = NewDisposeScope();
            int end = (int)Math.Min(testCodes.shape[0], start + chunk);
            var distances = cdist(testCodes[start..end], trainCodes);
            var nearest = distances.topk(k, dim: 1, largest: false).indexes;
            var votes = (nn.functional.one_hot(trainLabels[nearest], classes).to_type(ScalarType.Float32) * weights).sum(1);
            correct += votes.argmax(1).eq(testLabels[start..end]).sum().ToInt64();
        }
        return (double)correct / testCodes.shape[0];
    }
}
