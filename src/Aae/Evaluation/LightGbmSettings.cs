namespace Aae.Evaluation;

/// <summary>
/// LightGBM's main hyper-parameters. <see cref="Defaults"/> are LightGBM's own (as Python's
/// LGBMClassifier()); with them training is deterministic, so its seed changes nothing. Feature and
/// row subsampling (below 1) make the seed matter.
/// </summary>
public sealed record LightGbmSettings(
    int Iterations = 100,
    double LearningRate = 0.1,
    int Leaves = 31,
    int MinDataInLeaf = 20,
    double FeatureFraction = 1,
    double BaggingFraction = 1,
    double L2 = 0)
{
    public static readonly LightGbmSettings Defaults = new();

    /// <summary>Short text for tables: "300 rounds, lr 0.05, 63 leaves, ...".</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Iterations} rounds, lr {LearningRate}, {Leaves} leaves, min leaf {MinDataInLeaf}, features {FeatureFraction}, rows {BaggingFraction}, L2 {L2}");
}
