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
                files.AddRange(Directory.EnumerateFiles(argument, "*", SearchOption.AllDirectories)
                    .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                    .Order(StringComparer.Ordinal));
            else if (File.Exists(argument)) files.Add(argument);
            else throw new AaeException($"{argument}: no such file or folder");
        }
        if (files.Count == 0) throw new AaeException($"{string.Join(", ", arguments)}: no .jpg, .jpeg or .png images found");
        return files;
    }

    /// <summary>Decodes every file to RGB size x size; any unusable file is an error naming it.</summary>
    public static ImageDataset Load(IReadOnlyList<string> files, int size)
    {
        int planeBytes = 3 * size * size;
        var pixels = new byte[files.Count * planeBytes];
        for (int i = 0; i < files.Count; i++)
        {
            var problem = ImageFileDecoder.TryDecode(files[i], size, size, pixels.AsSpan(i * planeBytes, planeBytes));
            if (problem is not null) throw new AaeException($"{files[i]}: {problem}");
        }
        var images = tensor(pixels, [files.Count, 3, size, size], ScalarType.Byte);
        return new ImageDataset(images, zeros([files.Count], ScalarType.Int64), files.Select(Path.GetFileName).ToArray()!);
    }
}
