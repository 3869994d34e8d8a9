using static TorchSharp.torch;

namespace Aae.Data;

/// <summary>
/// MNIST and Fashion-MNIST: four IDX files (raw or .gz) in &lt;data-dir&gt;/&lt;name&gt;/. Debian's
/// dataset-fashion-mnist package installs Fashion-MNIST under /usr/share/datasets, looked at too.
/// </summary>
public static class MnistLike
{
    public static readonly string[] Names = ["mnist", "fashion-mnist"];

    public static readonly string[] FileNames =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    static readonly string[] DigitNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    static readonly string[] FashionNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The class names of a MNIST-like dataset, by label.</summary>
    public static IReadOnlyList<string> ClassNames(string name) => name == "fashion-mnist" ? FashionNames : DigitNames;

    public sealed record Split(ImageDataset Train, ImageDataset Test, IReadOnlyList<DataFile> Files);

    /// <summary>Folders searched for a dataset, in order.</summary>
    public static IReadOnlyList<string> Folders(string dataDirectory, string name)
    {
        var folders = new List<string> { Path.Combine(dataDirectory, name) };
        if (name == "fashion-mnist") folders.Add("/usr/share/datasets/fashion-mnist");
        return folders;
    }

    /// <summary>The path of each IDX file (raw preferred over .gz), or null when some are missing.</summary>
    public static string[]? FindFiles(string dataDirectory, string name)
    {
        foreach (var folder in Folders(dataDirectory, name))
        {
            var paths = FileNames.Select(file => Candidates(folder, file).FirstOrDefault(File.Exists)).ToArray();
            if (paths.All(p => p is not null)) return paths!;
        }
        return null;
    }

    static IEnumerable<string> Candidates(string folder, string file) =>
        [Path.Combine(folder, file), Path.Combine(folder, file + ".gz")];

    public static Split Load(string dataDirectory, string name)
    {
        if (!Names.Contains(name))
            throw new AaeException($"unknown dataset '{name}' (known: {string.Join(", ", Names)}, lfw, or folder:PATH for any folder of images in per-class subfolders)");
        var paths = FindFiles(dataDirectory, name) ?? throw MissingError(dataDirectory, name);
        var train = Read(paths[0], paths[1], name);
        var test = Read(paths[2], paths[3], name);
        return new Split(train, test, paths.Select(DataFile.Of).ToArray());
    }

    static AaeException MissingError(string dataDirectory, string name)
    {
        var folder = Path.Combine(dataDirectory, name);
        if (!Directory.Exists(folder))
            return new AaeException($"{folder}: data folder not found (run 'aae data fetch {name}', or point --data-dir or ${DataDirectory.EnvironmentVariable} at a folder holding {name}/)");
        var missing = FileNames.Where(file => !Candidates(folder, file).Any(File.Exists));
        return new AaeException($"{folder}: missing {string.Join(", ", missing.Select(m => m + "[.gz]"))} (run 'aae data fetch {name}')");
    }

    static ImageDataset Read(string imagesPath, string labelsPath, string name)
    {
        var images = Idx.Read(imagesPath, Idx.ImagesMagic);
        var labels = Idx.Read(labelsPath, Idx.LabelsMagic);
        if (images.Count != labels.Count)
            throw new AaeException($"{labelsPath}: {labels.Count} labels but {imagesPath} holds {images.Count} images");
        int maxLabel = labels.Data.Length == 0 ? 0 : labels.Data.Max();
        if (maxLabel > 9)
            throw new AaeException($"{labelsPath}: label {maxLabel} out of range 0-9");
        var imageTensor = tensor(images.Data, [images.Count, 1, images.Shape[1], images.Shape[2]], ScalarType.Byte);
        var labelTensor = tensor(labels.Data, [labels.Count], ScalarType.Byte).to_type(ScalarType.Int64);
        return new ImageDataset(imageTensor, labelTensor, name == "mnist" ? DigitNames : FashionNames);
    }
}
