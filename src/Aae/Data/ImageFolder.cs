using System.Security.Cryptography;
using System.Text;
using static TorchSharp.torch;

namespace Aae.Data;

/// <summary>A file <see cref="ImageFolder"/> did not use, and why.</summary>
/// <param name="Path">The file's path relative to the folder's root, with '/' separators.</param>
/// <param name="Reason">Why it was skipped, e.g. "truncated image data".</param>
public sealed record SkippedImage(string Path, string Reason);

/// <summary>
/// Loads a folder of JPEG/PNG images laid out one subfolder per class, e.g. LFW's
/// <c>&lt;root&gt;/&lt;Person_Name&gt;/&lt;Person_Name&gt;_0001.jpg</c>, as RGB images of one size.
/// </summary>
/// <remarks>
/// Every subfolder is a class, numbered in ordinal order of the folder names, even one without
/// usable images, so a class's label depends on the folder names alone. Only files directly in a
/// class folder count. Names starting with '.' are ignored (hidden files, or a cache kept inside
/// the root). Other files that cannot be used (not .jpg/.jpeg/.png, corrupt, outside any class
/// folder) are skipped and listed in the result for the caller to report.
/// </remarks>
public static class ImageFolder
{
    /// <summary>What <see cref="Load"/> produced.</summary>
    /// <param name="Data">Images uint8 [N, 3, H, W] (planes R, G, B), labels int64 = class index, class names = folder names.</param>
    /// <param name="Files">The source of each image, relative to the root with '/' separators, in the order of <paramref name="Data"/>.</param>
    /// <param name="Skipped">Files that were not used, with the reason, in path order.</param>
    /// <param name="FromCache">True when the images came from the cache file instead of being decoded.</param>
    /// <param name="SourceFingerprint">
    /// Hex SHA-256 of the folder listing (paths, sizes, modification times; not the file contents) and
    /// the options: what a run can record to say which images it saw.
    /// </param>
    /// <param name="CacheProblem">Why the cache file could not be written, or null; the images are loaded all the same.</param>
    public sealed record Result(
        ImageDataset Data, IReadOnlyList<string> Files, IReadOnlyList<SkippedImage> Skipped,
        bool FromCache, string SourceFingerprint, string? CacheProblem = null);

    static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png"];

    /// <summary>
    /// Loads the images under <paramref name="root"/>. With a <paramref name="cacheDirectory"/>, the
    /// decoded pixels are kept in <c>&lt;cacheDirectory&gt;/&lt;root name&gt;-&lt;W&gt;x&lt;H&gt;-&lt;one|all&gt;.aaecache</c>
    /// and reused while the folder listing is unchanged (see <see cref="ImageCache"/>).
    /// </summary>
    /// <exception cref="AaeException">Missing or unreadable folder, no class subfolders, or no usable image.</exception>
    public static Result Load(string root, ImageFolderOptions options, string? cacheDirectory = null)
    {
        options.Validate();
        root = Path.GetFullPath(root);
        var listing = List(root, cacheDirectory is null ? null : Path.GetFullPath(cacheDirectory));
        var fingerprint = Fingerprint(listing, options);

        string? cachePath = cacheDirectory is null ? null : CachePath(cacheDirectory, root, options);
        if (cachePath is not null && ImageCache.TryRead(cachePath, fingerprint, options) is { } cached)
            return cached;

        var result = Decode(listing, options, fingerprint);
        if (cachePath is null) return result;
        try
        {
            Directory.CreateDirectory(cacheDirectory!);
            ImageCache.Write(cachePath, result);
            return result;
        }
        catch (Exception e) when (e is AaeException or IOException or UnauthorizedAccessException)
        {
            var problem = e is AaeException ? e.Message : $"{cachePath}: cannot write the cache ({e.Message})";
            return result with { CacheProblem = problem };
        }
    }

    /// <summary>The cache file <see cref="Load"/> uses for this root and these options.</summary>
    public static string CachePath(string cacheDirectory, string root, ImageFolderOptions options)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)));
        if (name.Length == 0) name = "images";
        return Path.Combine(cacheDirectory, $"{name}-{options.Width}x{options.Height}-{options.SelectionName}{options.CropName}.aaecache");
    }

    /// <summary>A file found under the root: path relative to it ('/' separators), size and modification time.</summary>
    sealed record SourceFile(string RelativePath, long Bytes, DateTime ModifiedUtc);

    sealed record ClassFolder(string Name, IReadOnlyList<SourceFile> Files);

    /// <summary>The root's class folders and their files, and the files lying outside any class folder, all sorted.</summary>
    sealed record Listing(string Root, IReadOnlyList<ClassFolder> Classes, IReadOnlyList<SourceFile> LooseFiles);

    /// <param name="cacheDirectory">Left out when it is one of the root's subfolders: the cache is not a class.</param>
    static Listing List(string root, string? cacheDirectory)
    {
        if (!Directory.Exists(root))
            throw new AaeException(File.Exists(root) ? $"{root}: not a folder" : $"{root}: image folder not found");
        try
        {
            var rootInfo = new DirectoryInfo(root);
            var classes = Visible(rootInfo.EnumerateDirectories())
                .Where(folder => !string.Equals(Path.TrimEndingDirectorySeparator(folder.FullName),
                    Path.TrimEndingDirectorySeparator(cacheDirectory ?? ""), StringComparison.Ordinal))
                .Select(folder => new ClassFolder(folder.Name, Files(folder, folder.Name + "/")))
                .ToList();
            if (classes.Count == 0)
                throw new AaeException($"{root}: no class subfolders (expected <root>/<class>/<image>.jpg or .png)");
            return new Listing(root, classes, Files(rootInfo, ""));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AaeException($"{root}: cannot list the image folder ({e.Message})", e);
        }
    }

    static List<SourceFile> Files(DirectoryInfo folder, string prefix) =>
        Visible(folder.EnumerateFiles())
            .Select(file => new SourceFile(prefix + file.Name, file.Length, file.LastWriteTimeUtc))
            .ToList();

    static IEnumerable<T> Visible<T>(IEnumerable<T> entries) where T : FileSystemInfo =>
        entries.Where(entry => !entry.Name.StartsWith('.')).OrderBy(entry => entry.Name, StringComparer.Ordinal);

    /// <summary>
    /// SHA-256 over the options and every listed path with its size and modification time. Reading
    /// every file's bytes would take as long as decoding them, so a file rewritten in place with the
    /// same size and timestamp goes unnoticed.
    /// </summary>
    static string Fingerprint(Listing listing, ImageFolderOptions options)
    {
        var text = new StringBuilder($"aae-image-folder 1\n{options.Width}x{options.Height} {options.SelectionName}{options.CropName}\n");
        foreach (var file in listing.LooseFiles) Append(file);
        foreach (var folder in listing.Classes)
        {
            text.Append("class ").Append(folder.Name).Append('\n');
            foreach (var file in folder.Files) Append(file);
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));

        void Append(SourceFile file) =>
            text.Append("file ").Append(file.RelativePath).Append(' ').Append(file.Bytes)
                .Append(' ').Append(file.ModifiedUtc.Ticks).Append('\n');
    }

    static bool IsImage(SourceFile file) =>
        ImageExtensions.Any(extension => file.RelativePath.EndsWith(extension, StringComparison.OrdinalIgnoreCase));

    /// <summary>A place in the output: a label and the files to try in order until one decodes.</summary>
    sealed record Slot(long Label, IReadOnlyList<string> Candidates);

    static Result Decode(Listing listing, ImageFolderOptions options, string fingerprint)
    {
        var skipped = listing.LooseFiles.Select(f => new SkippedImage(f.RelativePath, "not inside a class folder")).ToList();
        var slots = new List<Slot>();
        for (int label = 0; label < listing.Classes.Count; label++)
        {
            var contents = listing.Classes[label].Files;
            skipped.AddRange(contents.Where(f => !IsImage(f)).Select(f => new SkippedImage(f.RelativePath, "not a .jpg, .jpeg or .png file")));
            var images = contents.Where(IsImage).Select(f => f.RelativePath).ToList();
            if (options.Selection == ImageSelection.All) slots.AddRange(images.Select(image => new Slot(label, [image])));
            else if (images.Count > 0) slots.Add(new Slot(label, images));
        }

        int planeBytes = 3 * options.Width * options.Height;
        if ((long)slots.Count * planeBytes > Array.MaxLength)
            throw new AaeException($"{listing.Root}: {slots.Count} images of {options.Width}x{options.Height} do not fit in one array; choose a smaller size");

        // Every worker decodes straight into its own slice of one array, which becomes one tensor.
        var pixels = new byte[slots.Count * planeBytes];
        var chosen = new string?[slots.Count];
        var failures = new List<SkippedImage>?[slots.Count];
        Parallel.For(0, slots.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var target = pixels.AsSpan(i * planeBytes, planeBytes);
            foreach (var candidate in slots[i].Candidates)
            {
                var problem = ImageFileDecoder.TryDecode(Path.Combine(listing.Root, candidate), options.Width, options.Height, target, options.Crop);
                if (problem is null)
                {
                    chosen[i] = candidate;
                    return;
                }
                (failures[i] ??= []).Add(new SkippedImage(candidate, problem));
            }
        });

        // Close the gaps left by files that failed, keeping the order.
        var files = new List<string>();
        var labels = new List<long>();
        for (int i = 0; i < slots.Count; i++)
        {
            if (failures[i] is { } failed) skipped.AddRange(failed);
            if (chosen[i] is not { } file) continue;
            if (files.Count != i)
                pixels.AsSpan(i * planeBytes, planeBytes).CopyTo(pixels.AsSpan(files.Count * planeBytes));
            files.Add(file);
            labels.Add(slots[i].Label);
        }
        skipped.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        if (files.Count == 0) throw NoUsableImages(listing.Root, skipped);

        var classNames = listing.Classes.Select(c => c.Name).ToArray();
        var data = new ImageDataset(
            ToTensor(pixels.AsSpan(0, files.Count * planeBytes), [files.Count, 3, options.Height, options.Width]),
            tensor(labels.ToArray(), [labels.Count], ScalarType.Int64),
            classNames);
        return new Result(data, files, skipped, FromCache: false, fingerprint);
    }

    /// <summary>A uint8 tensor holding a copy of <paramref name="bytes"/>.</summary>
    internal static Tensor ToTensor(ReadOnlySpan<byte> bytes, long[] shape)
    {
        var result = empty(shape, ScalarType.Byte);
        bytes.CopyTo(result.bytes);
        return result;
    }

    static AaeException NoUsableImages(string root, IReadOnlyList<SkippedImage> skipped)
    {
        if (skipped.Count == 0) return new AaeException($"{root}: no usable images (the class folders hold no files)");
        const int shown = 3;
        var examples = string.Join("; ", skipped.Take(shown).Select(s => $"{s.Path}: {s.Reason}"));
        var more = skipped.Count > shown ? $"; and {skipped.Count - shown} more" : "";
        return new AaeException($"{root}: no usable images ({skipped.Count} skipped: {examples}{more})");
    }
}
