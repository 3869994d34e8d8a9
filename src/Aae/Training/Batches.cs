using static TorchSharp.torch;

namespace Aae.Training;

/// <summary>Shuffled mini-batch index sets over a dataset: one randperm per epoch, no per-sample objects.</summary>
public static class Batches
{
    /// <summary>Index tensors of each batch; the last batch is smaller when the size does not divide the count.</summary>
    public static IEnumerable<Tensor> Shuffled(int count, int batchSize, Generator generator)
    {
        using var order = randperm(count, generator: generator);
        for (int start = 0; start < count; start += batchSize)
            yield return order[start..Math.Min(count, start + batchSize)];
    }

    public static int Count(int count, int batchSize) => (count + batchSize - 1) / batchSize;
}
