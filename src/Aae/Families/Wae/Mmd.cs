using static TorchSharp.torch;

namespace Aae.Families.Wae;

/// <summary>
/// The maximum mean discrepancy between codes and prior samples with the inverse multiquadratics
/// kernel k(x, y) = C / (C + ‖x − y‖²), summed over C = 2·d·σ²·s for s in <see cref="Scales"/>, as
/// WAE-MMD (Tolstikhin et al. 2017): heavy tails keep a gradient when the two sets lie far apart.
/// </summary>
public static class Mmd
{
    public static readonly double[] Scales = [0.1, 0.2, 0.5, 1, 2, 5, 10];

    /// <summary>
    /// The unbiased estimate from <paramref name="codes"/> [n, d] and <paramref name="fromPrior"/> [m, d]:
    /// mean k over distinct pairs within each set, minus twice the mean k across the sets.
    /// </summary>
    public static Tensor InverseMultiquadratic(Tensor codes, Tensor fromPrior, double priorVariance)
    {
        long n = codes.shape[0], m = fromPrior.shape[0], d = codes.shape[1];
        var withinCodes = SquaredDistances(codes, codes);
        var withinPrior = SquaredDistances(fromPrior, fromPrior);
        var across = SquaredDistances(codes, fromPrior);
        var offDiagonalCodes = 1 - eye(n, dtype: codes.dtype);
        var offDiagonalPrior = 1 - eye(m, dtype: codes.dtype);
        Tensor? total = null;
        foreach (var scale in Scales)
        {
            double c = 2 * d * priorVariance * scale;
            var term = (Kernel(withinCodes, c) * offDiagonalCodes).sum() / (n * (n - 1))
                + (Kernel(withinPrior, c) * offDiagonalPrior).sum() / (m * (m - 1))
                - 2 * Kernel(across, c).sum() / (n * m);
            total = total is null ? term : total + term;
        }
        return total!;
    }

    static Tensor Kernel(Tensor squaredDistances, double c) => c / (squaredDistances + c);

    static Tensor SquaredDistances(Tensor a, Tensor b) =>
        (a.square().sum(1, keepdim: true) + b.square().sum(1).unsqueeze(0) - 2 * a.mm(b.t())).clamp_min(0);
}
