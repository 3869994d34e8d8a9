namespace Aae.Data;

/// <summary>The training images a run learns from, and the ones held out from them to choose epochs on.</summary>
public static class ValidationSplit
{
    /// <summary>
    /// The last <paramref name="validationCount"/> training images as the validation set (null when 0),
    /// the rest, cut to the first <paramref name="limit"/> when given, for training.
    /// </summary>
    public static (ImageDataset Train, ImageDataset? Validation) Of(ImageDataset all, int validationCount, int? limit)
    {
        if (validationCount == 0) return (all.Take(limit), null);
        Check(all.Count, validationCount);
        int trainCount = all.Count - validationCount;
        var validation = new ImageDataset(all.Images[trainCount..], all.Labels[trainCount..], all.ClassNames);
        var train = new ImageDataset(all.Images[..trainCount], all.Labels[..trainCount], all.ClassNames);
        return (train.Take(limit), validation);
    }

    /// <summary>Refuses a validation set that leaves no training images.</summary>
    public static void Check(int trainingImages, int validationCount)
    {
        if (validationCount >= trainingImages)
            throw new AaeException($"--validation {validationCount} would hold out every one of the {trainingImages} training images");
    }
}
