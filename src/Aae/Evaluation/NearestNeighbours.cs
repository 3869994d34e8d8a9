using static TorchSharp.torch;

namespace Aae.Evaluation;

/// <summary>Nearest neighbours among codes.</summary>
public static class NearestNeighbours
{
    /// <summary>
    /// For each query code, the index of the nearest code in <paramref name="codes"/> that is not the
    /// query itself nor identical to it (duplicates would make a walk that goes nowhere).
    /// </summary>
    public static long[] Distinct(Tensor queries, Tensor codes)
    {
        using var scope = NewDisposeScope();
        var distances = cdist(queries, codes);
        distances.masked_fill_(distances.le(1e-6), double.PositiveInfinity);
        return distances.argmin(1).data<long>().ToArray();
    }
}
