using Aae.Data;
using SkiaSharp;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>ImageFolder on copies of 30 real LFW person folders, with broken, odd and extra files added.</summary>
public sealed class ImageFolderTests : IDisposable
{
    const int People = 30;
    readonly string folder = TestData.NewFolder("aae-faces");
    readonly string root;
    readonly string[] people;

    public ImageFolderTests()
    {
        // Every 190th person of the 5749, so the faces differ in lighting and colour.
        var lfw = Path.Combine(TestData.SharedDatasets, "lfw");
        var all = Directory.GetDirectories(lfw).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        people = Enumerable.Range(0, People).Select(i => all[i * 190]!).ToArray();
        root = Path.Combine(folder, "lfw");
        foreach (var person in people)
        {
            Directory.CreateDirectory(Path.Combine(root, person));
            File.Copy(Path.Combine(lfw, person, $"{person}_0001.jpg"), Face(person, 1));
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string Face(string person, int number) => Path.Combine(root, person, $"{person}_{number:0000}.jpg");

    string CacheDirectory => Path.Combine(folder, "cache");

    [Fact]
    public void LoadsOneFacePerPersonAsRgbBytes()
    {
        var result = ImageFolder.Load(root, ImageFolderOptions.Lfw);
        using var data = result.Data;

        Assert.Equal([People, 3, 64, 64], data.Images.shape);
        Assert.Equal(ScalarType.Byte, data.Images.dtype);
        Assert.Equal(ScalarType.Int64, data.Labels.dtype);
        Assert.Equal(Enumerable.Range(0, People).Select(i => (long)i), data.Labels.data<long>().ToArray());
        Assert.Equal(people, data.ClassNames);
        Assert.Equal(people.Select(p => $"{p}/{p}_0001.jpg"), result.Files);
        Assert.Empty(result.Skipped);
        Assert.False(result.FromCache);
        Assert.Equal(64, result.SourceFingerprint.Length);
        // Real photographs: neither black nor flat.
        Assert.InRange(data.Images.to_type(ScalarType.Float32).std().item<float>(), 30, 120);
    }

    [Fact]
    public void ResizingKeepsTheColoursAndTheLayout()
    {
        var result = ImageFolder.Load(root, ImageFolderOptions.Lfw);
        using var data = result.Data;
        for (int i = 0; i < People; i += 7)
        {
            using var original = SKBitmap.Decode(Face(people[i], 1));
            // The shared LFW copy is downscaled from LFW's 250x250 to 125x125 (its README).
            Assert.Equal((125, 125), (original.Width, original.Height));
            var reference = AreaAverage(original, 64, 64);
            var loaded = data.Images[i].data<byte>().ToArray();
            for (int channel = 0; channel < 3; channel++)
            {
                double originalMean = Mean(original, channel);
                double loadedMean = loaded.AsSpan(channel * 4096, 4096).ToArray().Average(b => (double)b);
                Assert.True(Math.Abs(originalMean - loadedMean) < 2,
                    $"{people[i]} channel {channel}: mean {loadedMean:0.0} after resizing, {originalMean:0.0} before");
            }
            // Pixel by pixel close to a plain average of the source pixels each output pixel covers:
            // the planes are R, G, B in the right place, not shifted, mirrored or transposed.
            double error = reference.Zip(loaded, (a, b) => Math.Abs(a - b)).Average();
            Assert.True(error < 6, $"{people[i]}: mean difference {error:0.00} from an area-average downscale");
        }
    }

    [Fact]
    public void BrokenAndForeignFilesAreSkippedAndListed()
    {
        var truncated = File.ReadAllBytes(Face(people[1], 1))[..3000];
        File.WriteAllText(Path.Combine(root, people[0], "notes.txt"), "not a face");
        File.WriteAllBytes(Face(people[1], 0), truncated); // sorts before _0001: the loader falls back to _0001
        File.WriteAllBytes(Face(people[2], 2), new byte[500]); // garbage, but one-per-person never looks at it
        Directory.CreateDirectory(Path.Combine(root, "Zz_Broken"));
        File.WriteAllBytes(Path.Combine(root, "Zz_Broken", "Zz_Broken_0001.jpg"), truncated);
        Directory.CreateDirectory(Path.Combine(root, "Zz_Garbage"));
        File.WriteAllBytes(Path.Combine(root, "Zz_Garbage", "Zz_Garbage_0001.png"), "plain text"u8.ToArray());
        File.WriteAllText(Path.Combine(root, "README"), "loose file");
        Directory.CreateDirectory(Path.Combine(root, ".cache"));
        File.WriteAllText(Path.Combine(root, ".cache", "ignored.txt"), "hidden folders are not classes");

        var result = ImageFolder.Load(root, ImageFolderOptions.Lfw);
        using var data = result.Data;

        Assert.Equal(People, data.Count);
        Assert.Equal([.. people, "Zz_Broken", "Zz_Garbage"], data.ClassNames);
        Assert.Contains($"{people[1]}/{people[1]}_0001.jpg", result.Files);
        Assert.Equal(Enumerable.Range(0, People).Select(i => (long)i), data.Labels.data<long>().ToArray());
        Assert.Equal(
            [
                ($"{people[0]}/notes.txt", "not a .jpg, .jpeg or .png file"),
                ($"{people[1]}/{people[1]}_0000.jpg", "truncated image data"),
                ("README", "not inside a class folder"),
                ("Zz_Broken/Zz_Broken_0001.jpg", "truncated image data"),
                ("Zz_Garbage/Zz_Garbage_0001.png", "not a readable JPEG or PNG image"),
            ],
            result.Skipped.Select(s => (s.Path, s.Reason)));

        var all = ImageFolder.Load(root, ImageFolderOptions.Lfw with { Selection = ImageSelection.All });
        using var allData = all.Data;
        Assert.Equal(People, allData.Count);
        Assert.Contains(all.Skipped, s => s.Path == $"{people[2]}/{people[2]}_0002.jpg");
    }

    [Fact]
    public void AFolderWithoutUsableImagesIsAnError()
    {
        var broken = Path.Combine(folder, "broken");
        Directory.CreateDirectory(Path.Combine(broken, "Someone"));
        File.WriteAllBytes(Path.Combine(broken, "Someone", "Someone_0001.jpg"), File.ReadAllBytes(Face(people[0], 1))[..2000]);
        File.WriteAllText(Path.Combine(broken, "Someone", "info.txt"), "");

        var error = Assert.Throws<AaeException>(() => ImageFolder.Load(broken, ImageFolderOptions.Lfw));
        Assert.StartsWith($"{broken}: no usable images (2 skipped: ", error.Message);
        Assert.Contains("Someone/Someone_0001.jpg: truncated image data", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void EmptyAndMissingFoldersAreNamed()
    {
        var empty = TestData.NewFolder("aae-empty");
        var error = Assert.Throws<AaeException>(() => ImageFolder.Load(empty, ImageFolderOptions.Lfw));
        Assert.StartsWith(empty, error.Message);
        Assert.Contains("no class subfolders", error.Message);

        Directory.CreateDirectory(Path.Combine(empty, "Nobody"));
        error = Assert.Throws<AaeException>(() => ImageFolder.Load(empty, ImageFolderOptions.Lfw));
        Assert.StartsWith($"{empty}: no usable images", error.Message);
        Directory.Delete(empty, recursive: true);

        var missing = Path.Combine(folder, "no-such-folder");
        error = Assert.Throws<AaeException>(() => ImageFolder.Load(missing, ImageFolderOptions.Lfw));
        Assert.Equal($"{missing}: image folder not found", error.Message);
    }

    [Fact]
    public void ImagesOfOtherSizesAreStretchedToTheTargetSize()
    {
        // 100x40, red on the left half and blue on the right.
        using (var bitmap = new SKBitmap(100, 40))
        {
            using (var canvas = new SKCanvas(bitmap))
            {
                canvas.Clear(new SKColor(220, 20, 30));
                using var blue = new SKPaint { Color = new SKColor(10, 40, 230) };
                canvas.DrawRect(50, 0, 50, 40, blue);
            }
            Directory.CreateDirectory(Path.Combine(root, "Zz_Wide"));
            using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(root, "Zz_Wide", "wide.png"), png.ToArray());
        }

        var result = ImageFolder.Load(root, ImageFolderOptions.Lfw);
        using var data = result.Data;
        Assert.Equal(People + 1, data.Count);
        var wide = data.Images[People];
        Assert.Equal([3, 64, 64], wide.shape);
        foreach (int y in new[] { 0, 31, 63 })
        {
            Assert.Equal([220, 20, 30], Pixel(wide, 5, y));
            Assert.Equal([10, 40, 230], Pixel(wide, 58, y));
        }
    }

    [Fact]
    public void GreyJpegsBecomeRgb()
    {
        using (var grey = new SKBitmap(new SKImageInfo(80, 80, SKColorType.Gray8, SKAlphaType.Opaque)))
        {
            for (int y = 0; y < 80; y++)
            for (int x = 0; x < 80; x++)
                grey.SetPixel(x, y, new SKColor((byte)(x * 3), (byte)(x * 3), (byte)(x * 3)));
            using var jpeg = grey.Encode(SKEncodedImageFormat.Jpeg, 95);
            using var codec = SKCodec.Create(jpeg);
            Assert.Equal(SKColorType.Gray8, codec.Info.ColorType); // really a one-channel JPEG
            Directory.CreateDirectory(Path.Combine(root, "Zz_Grey"));
            File.WriteAllBytes(Path.Combine(root, "Zz_Grey", "grey.jpg"), jpeg.ToArray());
        }

        var result = ImageFolder.Load(root, ImageFolderOptions.Lfw);
        using var data = result.Data;
        var planes = data.Images[People].data<byte>().ToArray();
        Assert.Equal(planes[..4096], planes[4096..8192]);
        Assert.Equal(planes[..4096], planes[8192..]);
        Assert.True(planes[63] > planes[0] + 150); // the ramp survived
    }

    [Fact]
    public void TheCacheIsReusedUntilTheFolderChanges()
    {
        var first = ImageFolder.Load(root, ImageFolderOptions.Lfw, CacheDirectory);
        Assert.False(first.FromCache);
        Assert.Null(first.CacheProblem);
        Assert.Equal([Path.Combine(CacheDirectory, "lfw-64x64-one.aaecache")], Directory.GetFiles(CacheDirectory));

        var second = ImageFolder.Load(root, ImageFolderOptions.Lfw, CacheDirectory);
        Assert.True(second.FromCache);
        AssertSame(first, second);

        // A changed modification time, an added person and a removed file each make the cache stale.
        File.SetLastWriteTimeUtc(Face(people[3], 1), DateTime.UtcNow.AddMinutes(1));
        var touched = ImageFolder.Load(root, ImageFolderOptions.Lfw, CacheDirectory);
        Assert.False(touched.FromCache);
        AssertSame(first, touched);
        Assert.True(ImageFolder.Load(root, ImageFolderOptions.Lfw, CacheDirectory).FromCache);

        Directory.CreateDirectory(Path.Combine(root, "Zz_New"));
        File.Copy(Face(people[0], 1), Path.Combine(root, "Zz_New", "Zz_New_0001.jpg"));
        var added = ImageFolder.Load(root, ImageFolderOptions.Lfw, CacheDirectory);
        Assert.False(added.FromCache);
        Assert.Equal(People + 1, added.Data.Count);

        File.Delete(Face(people[0], 1));
        var removed = ImageFolder.Load(root, ImageFolderOptions.Lfw, CacheDirectory);
        Assert.False(removed.FromCache);
        Assert.Equal(People, removed.Data.Count);
        Assert.Equal([.. people, "Zz_New"], removed.Data.ClassNames); // the emptied folder keeps its class and label 0
        Assert.Equal(1L, removed.Data.Labels[0].item<long>());
        Assert.True(ImageFolder.Load(root, ImageFolderOptions.Lfw, CacheDirectory).FromCache);
    }

    [Fact]
    public void ACacheInsideTheFolderIsNotAClass()
    {
        var inside = Path.Combine(root, "cache");
        Assert.False(ImageFolder.Load(root, ImageFolderOptions.Lfw, inside).FromCache);
        var second = ImageFolder.Load(root, ImageFolderOptions.Lfw, inside);
        Assert.True(second.FromCache);
        Assert.Equal(people, second.Data.ClassNames);
        Assert.Empty(second.Skipped);
    }

    [Fact]
    public void ADamagedCacheIsQuietlyRebuilt()
    {
        var original = ImageFolder.Load(root, ImageFolderOptions.Lfw, CacheDirectory);
        var cache = ImageFolder.CachePath(CacheDirectory, root, ImageFolderOptions.Lfw);
        var bytes = File.ReadAllBytes(cache);

        File.WriteAllBytes(cache, bytes[..(bytes.Length / 2)]); // truncated
        var rebuilt = ImageFolder.Load(root, ImageFolderOptions.Lfw, CacheDirectory);
        Assert.False(rebuilt.FromCache);
        AssertSame(original, rebuilt);
        Assert.Equal(bytes, File.ReadAllBytes(cache));

        bytes[bytes.Length - 5000] ^= 0x40; // one pixel changed
        File.WriteAllBytes(cache, bytes);
        Assert.False(ImageFolder.Load(root, ImageFolderOptions.Lfw, CacheDirectory).FromCache);

        File.WriteAllText(cache, "not a cache");
        Assert.False(ImageFolder.Load(root, ImageFolderOptions.Lfw, CacheDirectory).FromCache);
        Assert.True(ImageFolder.Load(root, ImageFolderOptions.Lfw, CacheDirectory).FromCache);
    }

    [Fact]
    public void ACacheThatCannotBeWrittenIsReportedNotFatal()
    {
        var notAFolder = Path.Combine(folder, "file");
        File.WriteAllText(notAFolder, "");
        var result = ImageFolder.Load(root, ImageFolderOptions.Lfw, notAFolder);
        Assert.Equal(People, result.Data.Count);
        Assert.False(result.FromCache);
        Assert.NotNull(result.CacheProblem);
    }

    [Fact]
    public void AllImagesOrOnePerPerson()
    {
        // Give the fifth person two more faces (borrowed from others).
        File.Copy(Face(people[10], 1), Face(people[4], 2));
        File.Copy(Face(people[11], 1), Face(people[4], 3));

        var one = ImageFolder.Load(root, ImageFolderOptions.Lfw, CacheDirectory);
        var all = ImageFolder.Load(root, ImageFolderOptions.Lfw with { Selection = ImageSelection.All }, CacheDirectory);
        Assert.Equal(People, one.Data.Count);
        Assert.Equal(People + 2, all.Data.Count);
        Assert.Equal(people, all.Data.ClassNames);
        Assert.Equal([4L, 4, 4], all.Data.Labels[4..7].data<long>().ToArray());
        Assert.Equal($"{people[4]}/{people[4]}_0003.jpg", all.Files[6]);
        // The borrowed face decodes to exactly the same pixels as under its own name.
        Assert.True(Same(all.Data.Images[5], all.Data.Images[12]));
        Assert.NotEqual(one.SourceFingerprint, all.SourceFingerprint);
        Assert.Equal(
            ["lfw-64x64-all.aaecache", "lfw-64x64-one.aaecache"],
            Directory.GetFiles(CacheDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(ImageFolder.Load(root, ImageFolderOptions.Lfw with { Selection = ImageSelection.All }, CacheDirectory).FromCache);

        var small = ImageFolder.Load(root, new ImageFolderOptions(ImageSelection.FirstPerClass, Width: 32, Height: 24));
        Assert.Equal([People, 3, 24, 32], small.Data.Images.shape);
    }

    static void AssertSame(ImageFolder.Result expected, ImageFolder.Result actual)
    {
        Assert.True(Same(expected.Data.Images, actual.Data.Images), "pixels differ");
        Assert.True(Same(expected.Data.Labels, actual.Data.Labels), "labels differ");
        Assert.Equal(expected.Data.ClassNames, actual.Data.ClassNames);
        Assert.Equal(expected.Files, actual.Files);
        Assert.Equal(expected.Skipped, actual.Skipped);
    }

    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    static byte[] Pixel(Tensor image, int x, int y) =>
        [image[0, y, x].item<byte>(), image[1, y, x].item<byte>(), image[2, y, x].item<byte>()];

    static double Mean(SKBitmap bitmap, int channel) =>
        bitmap.Pixels.Average(c => (double)(channel == 0 ? c.Red : channel == 1 ? c.Green : c.Blue));

    /// <summary>Each output pixel is the mean of the source pixels whose centres fall inside it; planes R, G, B.</summary>
    static double[] AreaAverage(SKBitmap source, int width, int height)
    {
        var sums = new double[3 * width * height];
        var counts = new int[width * height];
        for (int y = 0; y < source.Height; y++)
        for (int x = 0; x < source.Width; x++)
        {
            int at = (int)((y + 0.5) * height / source.Height) * width + (int)((x + 0.5) * width / source.Width);
            var color = source.GetPixel(x, y);
            sums[at] += color.Red;
            sums[width * height + at] += color.Green;
            sums[2 * width * height + at] += color.Blue;
            counts[at]++;
        }
        return sums.Select((sum, i) => sum / counts[i % (width * height)]).ToArray();
    }
}
