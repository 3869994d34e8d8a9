using static TorchSharp.torch;

namespace Aae.Evaluation;

/// <summary>
/// Squared Euclidean distances between every row of one set and every row of another, as
/// |x|² + |y|² − 2 x·y (clamped at 0), a chunk of rows at a time so that memory stays near a
/// budget of distances whatever the sizes: each chunk is reduced, and its temporaries freed, before the next.
/// </summary>
static class SquaredDistances
{
    public static List<Tensor> InChunks(Tensor rows, Tensor columns, long budget, Func<Tensor, Tensor> reduce)
    {
        long chunk = Math.Max(1, budget / columns.shape[0]);
        var columnNorms = columns.square().sum(1).unsqueeze(0);
        var results = new List<Tensor>();
        for (long start = 0; start < rows.shape[0]; start += chunk)
        {
            using var scope = NewDisposeScope();
            var part = rows.narrow(0, start, Math.Min(chunk, rows.shape[0] - start));
            var squared = (part.square().sum(1, keepdim: true) + columnNorms - 2 * part.matmul(columns.T)).clamp_min(0);
            results.Add(reduce(squared).MoveToOuterDisposeScope());
        }
        return results;
    }
}
