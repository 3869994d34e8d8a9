using Aae.Evaluation;

namespace Aae.Experiments;

/// <summary>One classifier's scores on CIFAR-10 (train and test), as saved in results.json.</summary>
public sealed record ClassifierResult(string Model, IReadOnlyList<string> Classes, ClassifierScores Train, ClassifierScores Test,
    double Seconds);
