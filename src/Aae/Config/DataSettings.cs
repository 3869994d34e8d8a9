namespace Aae.Config;

/// <summary>Which images a run learns from, and how they are prepared.</summary>
public sealed record DataSettings
{
    /// <summary>mnist, fashion-mnist, lfw, or folder:PATH (any folder of JPEG/PNG images in per-class subfolders).</summary>
    public string Dataset { get; init; } = "mnist";

    /// <summary>Image folders: "one" image per class folder (the study's LFW selection) or "all".</summary>
    public string ImageSelection { get; init; } = "one";

    /// <summary>Image folders are resized to ImageSize x ImageSize RGB.</summary>
    public int ImageSize { get; init; } = 64;

    /// <summary>
    /// Image folders: a centre square of Crop x Crop pixels of each image as stored is taken before the
    /// resize (faces fill the middle of LFW's frame, mostly background otherwise); null for the whole image.
    /// </summary>
    public int? Crop { get; init; }

    /// <summary>Image folders have no test split: this fraction (seeded) is held out for out-of-sample figures and MSE.</summary>
    public double HeldOutFraction { get; init; } = 0.1;

    /// <summary>
    /// Image folders: the held-out part is a fraction of the images ("image") or of whole class
    /// folders ("class": with --all, no person of LFW in both parts, so held-out faces are new people),
    /// or half each ("class-and-image": new people, and new images of people trained on).
    /// </summary>
    public string HeldOutBy { get; init; } = "image";

    /// <summary>Train on the first N training images only (quick looks); null for all.</summary>
    public int? Limit { get; init; }

    /// <summary>
    /// The last N training images are held out as a validation set: never trained on, never labelled.
    /// Epochs and schedules are chosen on it; the test set is only for the reported number.
    /// </summary>
    public int ValidationCount { get; init; }

    /// <summary>
    /// Single-channel images are deskewed (sheared upright, centred on their ink) wherever the run
    /// takes images in: training, validation and test sets and image files given to its commands.
    /// </summary>
    public bool Deskew { get; init; }

    internal void Validate()
    {
        Check.That(!string.IsNullOrWhiteSpace(Dataset) && Dataset.Trim() != "folder:",
            $"--dataset needs a name or folder:PATH (got '{Dataset}')");
        Check.That(ValidationCount >= 0, $"--validation must not be negative (got {ValidationCount})");
        Check.That(ImageSelection is "one" or "all", $"image selection must be one or all (got '{ImageSelection}')");
        Check.That(ImageSize is >= 8 and <= 512, $"--image-size must be between 8 and 512 (got {ImageSize})");
        Check.That(Crop is null or (>= 8 and <= 4096), $"--crop must be from 8 to 4096 pixels (got {Crop})");
        Check.That(HeldOutBy is "image" or "class" or "class-and-image", $"--held-out-by must be image, class or class-and-image (got '{HeldOutBy}')");
        Check.That(HeldOutFraction is >= 0 and < 1, $"--held-out must be in [0, 1) (got {HeldOutFraction})");
        Check.That(!Deskew || Data.MnistLike.Names.Contains(Dataset),
            $"--deskew straightens single-channel handwriting (mnist, fashion-mnist), not {Dataset} (add --deskew false)");
        Check.That(Limit is null or >= 5, $"--limit must be at least 5: the latent kNN votes with 5 neighbours (got {Limit})");
    }
}
