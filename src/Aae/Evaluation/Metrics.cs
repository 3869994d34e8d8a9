namespace Aae.Evaluation;

/// <summary>
/// The content of metrics.json. Digit runs (MNIST) fill the test-set fields; image-folder runs
/// (faces) fill the train and held-out errors. Absent fields are left out of the file.
/// </summary>
public sealed record Metrics
{
    /// <summary>Mean per-pixel squared reconstruction error on the test set.</summary>
    public double? TestMse { get; init; }
    /// <summary>Mean per-pixel squared reconstruction error on the training images.</summary>
    public double? TrainMse { get; init; }
    /// <summary>The same on the held-out images (image folders).</summary>
    public double? HeldoutMse { get; init; }
    /// <summary>5-nearest-neighbour classification in latent space, training codes voting on test labels.</summary>
    public double? KnnAccuracy { get; init; }
    /// <summary>Fraction of test codes on the right prior component (mixture priors).</summary>
    public double? ModeAccuracy { get; init; }
    public double TrainSeconds { get; init; }
    public double ImagesPerSecond { get; init; }
    public int Epochs { get; init; }
    public int TrainImages { get; init; }
    public int TestImages { get; init; }
}
