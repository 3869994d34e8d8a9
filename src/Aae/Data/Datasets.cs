using Aae.Config;
using static TorchSharp.torch;

namespace Aae.Data;

/// <summary>Finds and loads the dataset a configuration names.</summary>
public static class Datasets
{
    public const string FolderPrefix = "folder:";

    public static bool IsImageFolder(string dataset) => dataset == "lfw" || dataset.StartsWith(FolderPrefix, StringComparison.Ordinal);

    /// <summary>The root folder of an image-folder dataset.</summary>
    public static string FolderRoot(string dataset, string dataDirectory) =>
        dataset == "lfw" ? Path.Combine(dataDirectory, "lfw") : Path.GetFullPath(dataset[FolderPrefix.Length..]);

    public static DatasetSplit Load(DataSettings config, long seed, string dataDirectory)
    {
        if (!IsImageFolder(config.Dataset))
        {
            var mnist = MnistLike.Load(dataDirectory, config.Dataset);
            return new DatasetSplit(Deskew.IfAsked(mnist.Train, config), Deskew.IfAsked(mnist.Test, config), mnist.Files, IsHeldOut: false, Notes: []);
        }
        var root = FolderRoot(config.Dataset, dataDirectory);
        var selection = config.ImageSelection == "all" ? ImageSelection.All : ImageSelection.FirstPerClass;
        var folder = ImageFolder.Load(root, new ImageFolderOptions(selection, config.ImageSize, config.ImageSize, config.Crop),
            CacheDirectory(root));
        var notes = new List<string>();
        if (folder.Skipped.Count > 0)
        {
            notes.Add($"{root}: skipped {folder.Skipped.Count} unusable file(s)");
            notes.AddRange(folder.Skipped.Select(s => $"  skipped {s.Path}: {s.Reason}"));
        }
        if (folder.CacheProblem is { } problem) notes.Add($"cache not written: {problem}");
        var (train, test) = config.HeldOutBy switch
        {
            "class" => HoldOutClasses(folder.Data, config.HeldOutFraction, seed, imagesToo: false),
            "class-and-image" => HoldOutClasses(folder.Data, config.HeldOutFraction, seed, imagesToo: true),
            _ => HoldOut(folder.Data, config.HeldOutFraction, seed),
        };
        long bytes = folder.Files.Sum(file => new FileInfo(Path.Combine(root, file)).Length);
        var source = new DataFile(root, bytes, folder.SourceFingerprint) { Images = folder.Files.Count };
        return new DatasetSplit(train, test, [source], IsHeldOut: true, notes);
    }

    public const string CacheVariable = "AAE_CACHE";

    /// <summary>
    /// Decoding thousands of JPEGs takes a while, so decoded folders are cached (keyed by the source
    /// listing): in $AAE_CACHE when set, else in .aae-cache beside the image folder, in the data directory.
    /// </summary>
    public static string CacheDirectory(string root) =>
        Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } cache
            ? cache
            : Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(root)) ?? root, ".aae-cache");

    public const int MinimumHeldOut = 5;

    /// <summary>
    /// Splits off whole classes, in a seeded random order, until they hold the fraction of the images:
    /// no class is on both sides. With <paramref name="imagesToo"/> the classes hold half the fraction
    /// and single images of other classes the other half, one image of each class that keeps two or
    /// more for training (identity models are judged on both: unseen people, unseen images of known ones).
    /// </summary>
    static (ImageDataset Train, ImageDataset HeldOut) HoldOutClasses(ImageDataset all, double fraction, long seed, bool imagesToo)
    {
        var labels = all.Labels.data<long>().ToArray();
        var counts = labels.GroupBy(label => label).ToDictionary(group => group.Key, group => group.Count());
        var present = counts.Keys.Order().ToArray();
        using var order = randperm(present.Length, generator: new Generator((ulong)seed + 7919));
        var wanted = (int)Math.Round(all.Count * (imagesToo ? fraction / 2 : fraction));
        var heldOutClasses = new HashSet<long>();
        int heldOut = 0;
        foreach (var index in order.data<long>().ToArray())
        {
            if (heldOut >= wanted) break;
            heldOutClasses.Add(present[index]);
            heldOut += counts[present[index]];
        }
        if (heldOut < MinimumHeldOut || heldOutClasses.Count == present.Length)
            throw new AaeException(
                $"{all.Count} images of {present.Length} classes with --held-out {fraction} --held-out-by class hold out {heldOut} images of {heldOutClasses.Count} classes: at least {MinimumHeldOut} images and one class left to train on are needed");
        var heldOutImages = imagesToo ? OneImageEach(labels, counts, heldOutClasses, wanted, seed) : [];
        bool IsHeldOut(int i) => heldOutClasses.Contains(labels[i]) || heldOutImages.Contains(i);
        using var trainIndices = tensor(Enumerable.Range(0, labels.Length).Where(i => !IsHeldOut(i)).Select(i => (long)i).ToArray());
        using var heldOutIndices = tensor(Enumerable.Range(0, labels.Length).Where(IsHeldOut).Select(i => (long)i).ToArray());
        var train = all.Select(trainIndices);
        var test = all.Select(heldOutIndices);
        all.Dispose();
        return (train, test);
    }

    /// <summary>Up to <paramref name="wanted"/> image indices, one of each class (not held out whole) with three or more images, in a seeded order.</summary>
    static HashSet<int> OneImageEach(long[] labels, Dictionary<long, int> counts, HashSet<long> heldOutClasses, int wanted, long seed)
    {
        using var order = randperm(labels.Length, generator: new Generator((ulong)seed + 15_485_863));
        var chosen = new HashSet<int>();
        var classesTaken = new HashSet<long>();
        foreach (int index in order.data<long>().ToArray().Select(i => (int)i))
        {
            if (chosen.Count >= wanted) break;
            long label = labels[index];
            if (counts[label] >= 3 && !heldOutClasses.Contains(label) && classesTaken.Add(label)) chosen.Add(index);
        }
        return chosen;
    }

    /// <summary>Splits off a seeded random fraction as the held-out set.</summary>
    static (ImageDataset Train, ImageDataset HeldOut) HoldOut(ImageDataset all, double fraction, long seed)
    {
        int heldOut = (int)Math.Round(all.Count * fraction);
        // A handful at least, or heldout_mse would be noise (or, with none, the training error itself).
        if (heldOut < MinimumHeldOut || all.Count - heldOut < 1)
            throw new AaeException(
                $"{all.Count} images with --held-out {fraction} hold out {heldOut}: at least {MinimumHeldOut} are needed (use more images or a larger --held-out)");
        using var order = randperm(all.Count, generator: new Generator((ulong)seed + 7919));
        using var trainIndices = order[heldOut..];
        using var heldOutIndices = order[..heldOut];
        var train = all.Select(trainIndices);
        var test = all.Select(heldOutIndices);
        all.Dispose();
        return (train, test);
    }
}
