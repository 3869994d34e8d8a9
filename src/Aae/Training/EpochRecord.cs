namespace Aae.Training;

/// <summary>One row of history.csv: the epoch's mean losses, named by the model family, and its duration.</summary>
public sealed record EpochRecord(int Epoch, IReadOnlyList<string> Names, IReadOnlyList<double> Losses, double Seconds)
{
    /// <summary>Short display labels of the names, as the family gives them (the names when read back from history.csv).</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>The epoch's mean of the loss called <paramref name="name"/>, or null when the family has none.</summary>
    public double? Loss(string name)
    {
        for (int i = 0; i < Names.Count; i++)
            if (Names[i] == name) return Losses[i];
        return null;
    }
}

/// <summary>Where training is within an epoch, with the running mean of each named loss, for progress displays.</summary>
public sealed record StepProgress(int Epoch, int Epochs, int Step, int Steps, IReadOnlyList<string> Names, IReadOnlyList<string> Labels,
    IReadOnlyList<double> Losses, double ImagesPerSecond);
