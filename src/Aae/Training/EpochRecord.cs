namespace Aae.Training;

/// <summary>One row of history.csv: the epoch's mean losses, D's mean probabilities and its duration.</summary>
public sealed record EpochRecord(
    int Epoch,
    double ReconstructionLoss,
    double DiscriminatorLoss,
    double GeneratorLoss,
    double DiscriminatorOnPrior,
    double DiscriminatorOnCodes,
    double Seconds);

/// <summary>Where training is within an epoch, with running mean losses, for progress displays.</summary>
public sealed record StepProgress(int Epoch, int Epochs, int Step, int Steps, double ReconstructionLoss, double DiscriminatorLoss,
    double ImagesPerSecond);
