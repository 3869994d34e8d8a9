namespace Aae.Data;

/// <summary>
/// The images a run trains on and the ones it is judged on: MNIST's own test set, or for image
/// folders a seeded held-out part. <see cref="Notes"/> holds what the loader wants the user to know
/// (skipped files, cache problems).
/// </summary>
public sealed record DatasetSplit(
    ImageDataset Train,
    ImageDataset Test,
    IReadOnlyList<DataFile> Files,
    bool IsHeldOut,
    IReadOnlyList<string> Notes) : IDisposable
{
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
