using System.Buffers.Binary;
using Aae.Data;

namespace Aae.Tests;

/// <summary>The real datasets for tests: the shared folder, and small slices of MNIST written as raw IDX files.</summary>
static class TestData
{
    /// <summary>The shared datasets folder: AAE_TEST_DATA, or "shared/datasets" beside an ancestor of the test binaries.</summary>
    /// Found on first use: the unit tier (Category=Unit) needs no datasets.
    public static string SharedDatasets => sharedDatasets.Value;

    static readonly Lazy<string> sharedDatasets = new(FindSharedDatasets);

    static readonly Lazy<string> standardSlice = new(() => WriteMnistSlice(NewFolder("aae-mnist-slice"), 6000, 1000));

    /// <summary>A data directory holding mnist/ with the first 6000 training and 1000 test images (shared, do not modify).</summary>
    public static string MnistSlice => standardSlice.Value;

    public static string NewFolder(string prefix) => Directory.CreateTempSubdirectory(prefix + "-").FullName;

    /// <summary>Writes the first records of the real MNIST files into &lt;dataDirectory&gt;/mnist/ as raw IDX; returns dataDirectory.</summary>
    public static string WriteMnistSlice(string dataDirectory, int trainCount, int testCount)
    {
        var source = Path.Combine(SharedDatasets, "mnist");
        var target = Directory.CreateDirectory(Path.Combine(dataDirectory, "mnist")).FullName;
        foreach (var (prefix, count) in new[] { ("train", trainCount), ("t10k", testCount) })
        {
            var images = Idx.Read(Path.Combine(source, $"{prefix}-images-idx3-ubyte.gz"), Idx.ImagesMagic);
            var labels = Idx.Read(Path.Combine(source, $"{prefix}-labels-idx1-ubyte.gz"), Idx.LabelsMagic);
            WriteIdx(Path.Combine(target, $"{prefix}-images-idx3-ubyte"), Idx.ImagesMagic, [count, 28, 28], images.Data[..(count * 784)]);
            WriteIdx(Path.Combine(target, $"{prefix}-labels-idx1-ubyte"), Idx.LabelsMagic, [count], labels.Data[..count]);
        }
        return dataDirectory;
    }

    /// <summary>Writes the first <paramref name="count"/> MNIST test images as PNG files into <paramref name="folder"/>; returns each file and its digit.</summary>
    public static (string Path, int Label)[] WriteMnistTestPngs(string folder, int count)
    {
        var source = Path.Combine(SharedDatasets, "mnist");
        var images = Idx.Read(Path.Combine(source, "t10k-images-idx3-ubyte.gz"), Idx.ImagesMagic);
        var labels = Idx.Read(Path.Combine(source, "t10k-labels-idx1-ubyte.gz"), Idx.LabelsMagic);
        Directory.CreateDirectory(folder);
        var written = new (string, int)[count];
        for (int i = 0; i < count; i++)
        {
            using var bitmap = new SkiaSharp.SKBitmap(28, 28, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Opaque);
            for (int p = 0; p < 784; p++)
            {
                byte v = images.Data[i * 784 + p];
                bitmap.SetPixel(p % 28, p / 28, new SkiaSharp.SKColor(v, v, v));
            }
            var path = Path.Combine(folder, $"test-{i:D4}.png");
            using (var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100))
                File.WriteAllBytes(path, data.ToArray());
            written[i] = (path, labels.Data[i]);
        }
        return written;
    }

    /// <summary>Copies the first image of the first <paramref name="people"/> LFW people into &lt;new folder&gt;/faces; returns that folder.</summary>
    public static string LfwSlice(int people)
    {
        var lfw = Path.Combine(SharedDatasets, "lfw");
        var root = Path.Combine(NewFolder("aae-faces"), "faces");
        foreach (var person in Directory.GetDirectories(lfw).Order(StringComparer.Ordinal).Take(people))
        {
            var name = Path.GetFileName(person);
            Directory.CreateDirectory(Path.Combine(root, name));
            File.Copy(Path.Combine(person, $"{name}_0001.jpg"), Path.Combine(root, name, $"{name}_0001.jpg"));
        }
        return root;
    }

    /// <summary>Up to 4 images each of the first <paramref name="people"/> LFW people with at least <paramref name="least"/> images, in a new folder.</summary>
    public static string PeopleWithSeveralImages(int people, int least)
    {
        var lfw = Path.Combine(SharedDatasets, "lfw");
        var root = Path.Combine(NewFolder("aae-people"), "people");
        foreach (var person in Directory.GetDirectories(lfw).Order(StringComparer.Ordinal)
                     .Where(folder => Directory.GetFiles(folder, "*.jpg").Length >= least).Take(people))
        {
            var target = Directory.CreateDirectory(Path.Combine(root, Path.GetFileName(person))).FullName;
            foreach (var file in Directory.GetFiles(person, "*.jpg").Order(StringComparer.Ordinal).Take(4))
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        return root;
    }

    public static void WriteIdx(string path, int magic, int[] shape, byte[] data)
    {
        var header = new byte[4 + 4 * shape.Length];
        BinaryPrimitives.WriteInt32BigEndian(header, magic);
        for (int i = 0; i < shape.Length; i++) BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * i), shape[i]);
        File.WriteAllBytes(path, [.. header, .. data]);
    }

    static string FindSharedDatasets()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("AAE_TEST_DATA");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException(
            $"test data not found: no 'shared/datasets' folder beside any ancestor of {AppContext.BaseDirectory}; set AAE_TEST_DATA");
    }
}
