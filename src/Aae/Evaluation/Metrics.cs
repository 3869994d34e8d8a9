namespace Aae.Evaluation;

/// <summary>The content of metrics.json.</summary>
public sealed record Metrics(
    double TestMse,
    double KnnAccuracy,
    double? ModeAccuracy,
    double TrainSeconds,
    int Epochs,
    int TestImages);
