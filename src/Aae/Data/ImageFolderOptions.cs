namespace Aae.Data;

/// <summary>Which images of each class folder <see cref="ImageFolder"/> loads.</summary>
public enum ImageSelection
{
    /// <summary>One image per class: the first usable one in ordinal file-name order (LFW's "one per person").</summary>
    FirstPerClass,

    /// <summary>Every usable image.</summary>
    All,
}

/// <summary>How <see cref="ImageFolder"/> reads a folder: which images, and the size they are resized to.</summary>
/// <param name="Selection">One image per class folder, or all of them.</param>
/// <param name="Width">Width of every loaded image in pixels, after resizing.</param>
/// <param name="Height">Height of every loaded image in pixels, after resizing.</param>
/// <param name="Crop">A centre square of this many pixels of each image as stored, taken before the resize (null: the whole image).</param>
public sealed record ImageFolderOptions(ImageSelection Selection, int Width = 64, int Height = 64, int? Crop = null)
{
    /// <summary>The study's LFW setup: each person's first image, 64x64.</summary>
    public static ImageFolderOptions Lfw { get; } = new(ImageSelection.FirstPerClass);

    /// <summary>"one" or "all", as used in cache file names.</summary>
    public string SelectionName => Selection == ImageSelection.All ? "all" : "one";

    /// <summary>"-crop&lt;N&gt;" in cache file names and fingerprints, nothing without a crop (so earlier caches stay valid).</summary>
    public string CropName => Crop is { } side ? $"-crop{side}" : "";

    internal void Validate()
    {
        if (Width is < 1 or > 4096 || Height is < 1 or > 4096)
            throw new AaeException($"image size {Width}x{Height} out of range (1 to 4096 pixels per side)");
        if (Crop is < 1 or > 4096) throw new AaeException($"crop {Crop} out of range (1 to 4096 pixels)");
        if (!Enum.IsDefined(Selection))
            throw new AaeException($"unknown image selection {Selection}");
    }
}
