using static TorchSharp.torch;

namespace Aae.Data;

/// <summary>Loads chosen image files (or every image below a folder) as one dataset, resized like the training data.</summary>
public static class ImageFiles
{
    static readonly string[] Extensions = [".jpg", ".jpeg", ".png"];

    /// <summary>The image files named by <paramref name="arguments"/>: files as given, folders searched recursively in sorted order.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> arguments)
    {
        var files = new List<string>();
        foreach (var argument in arguments)
        {
            if (Directory.Exists(argument))
                files.AddRange(ImagesBelow(argument, new HashSet<string>(StringComparer.Ordinal)).Order(StringComparer.Ordinal));
            else if (File.Exists(argument)) files.Add(argument);
            else throw new AaeException($"{argument}: no such file or folder");
        }
        if (files.Count == 0) throw new AaeException($"{string.Join(", ", arguments)}: no .jpg, .jpeg or .png images found");
        return files;
    }

    /// <summary>
    /// The image files below <paramref name="folder"/>. A folder reached twice (through symbolic
    /// links, or a link to one of its own parents) is listed once, so a loop cannot hang the search
    /// or repeat its images.
    /// </summary>
    static IEnumerable<string> ImagesBelow(string folder, HashSet<string> seen)
    {
        var real = new DirectoryInfo(folder).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(folder);
        if (!seen.Add(Path.TrimEndingDirectorySeparator(real))) yield break;
        foreach (var file in Directory.EnumerateFiles(folder).Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())))
            yield return file;
        foreach (var sub in Directory.EnumerateDirectories(folder))
            foreach (var file in ImagesBelow(sub, seen))
                yield return file;
    }

    /// <summary>Decodes every file to RGB size x size (from its centre <paramref name="crop"/> square when given); any unusable file is an error naming it.</summary>
    public static ImageDataset Load(IReadOnlyList<string> files, int size, int? crop = null)
    {
        int planeBytes = 3 * size * size;
        var pixels = new byte[files.Count * planeBytes];
        for (int i = 0; i < files.Count; i++)
        {
            var problem = ImageFileDecoder.TryDecode(files[i], size, size, pixels.AsSpan(i * planeBytes, planeBytes), crop);
            if (problem is not null) throw new AaeException($"{files[i]}: {problem}");
        }
        var images = tensor(pixels, [files.Count, 3, size, size], ScalarType.Byte);
        return new ImageDataset(images, zeros([files.Count], ScalarType.Int64), files.Select(Path.GetFileName).ToArray()!);
    }

    /// <summary>Image files as a model's input: <paramref name="size"/> x <paramref name="size"/>, grey when <paramref name="channels"/> is 1.</summary>
    public static ImageDataset LoadAs(IReadOnlyList<string> files, int channels, int size, int? crop = null)
    {
        var images = Load(files, size, crop);
        if (channels == 3) return images;
        var grey = images.Images.to_type(ScalarType.Float32).mean([1], keepdim: true).round().to_type(ScalarType.Byte);
        var result = new ImageDataset(grey, images.Labels, images.ClassNames);
        images.Images.Dispose();
        return result;
    }
}
