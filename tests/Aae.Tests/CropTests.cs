using Aae.Data;
using SkiaSharp;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>--crop: the centre square of each image as stored, taken before the resize, in training and in every command that reads image files.</summary>
[Trait("Category", "Unit")]
public sealed class CropTests
{
    /// <summary>A <paramref name="width"/> x <paramref name="height"/> image of <paramref name="border"/> with a centred <paramref name="centre"/>-wide square of <paramref name="inside"/>.</summary>
    static void Write(string path, int width, int height, int centre, SKColor border, SKColor inside, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(border);
            using var paint = new SKPaint { Color = inside };
            canvas.DrawRect(SKRect.Create((width - centre) / 2, (height - centre) / 2, centre, centre), paint);
        }
        using var data = bitmap.Encode(format, 95);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, data.ToArray());
    }

    static (double Red, double Blue) Means(ImageDataset images)
    {
        using var pixels = images.Images.to(ScalarType.Float64);
        return (pixels[.., 0].mean().item<double>(), pixels[.., 2].mean().item<double>());
    }

    [Fact]
    public void TheCentreSquareAloneIsResizedForPngsAndForJpegsDecodedSmaller()
    {
        var folder = TestData.NewFolder("aae-crop");
        var png = Path.Combine(folder, "wide.png");
        Write(png, 100, 60, 40, SKColors.Blue, SKColors.Red, SKEncodedImageFormat.Png);
        // 400 x 400: decoding shrinks the JPEG by 2/8 first, and the crop follows the decoded scale.
        var jpeg = Path.Combine(folder, "large.jpg");
        Write(jpeg, 400, 400, 100, SKColors.Blue, SKColors.Red, SKEncodedImageFormat.Jpeg);

        using var whole = ImageFiles.Load([png, jpeg], 16);
        using var cropped = ImageFiles.Load([png, jpeg], 16, crop: 40);
        using var jpegCropped = ImageFiles.Load([jpeg], 16, crop: 100);
        var (wholeRed, wholeBlue) = Means(whole);
        Assert.True(wholeBlue > 100, $"without a crop the blue frame shows (blue {wholeBlue:F0})");
        using (var png16 = ImageFiles.Load([png], 16, crop: 40))
        {
            var (red, blue) = Means(png16);
            Assert.True(red > 250 && blue < 5, $"the PNG's centre 40 x 40 is all red (red {red:F0}, blue {blue:F0})");
        }
        var (jpegRed, jpegBlue) = Means(jpegCropped);
        Assert.True(jpegRed > 235 && jpegBlue < 25, $"the JPEG's centre 100 x 100 is red (red {jpegRed:F0}, blue {jpegBlue:F0})");
        // A crop of 40 of a 400-pixel JPEG is inside the red square too.
        var (smallRed, _) = Means(cropped);
        Assert.True(smallRed > 240 && wholeRed < smallRed);
    }

    [Fact]
    public void AFolderLoadedWithACropIsCachedApartFromTheWholeImages()
    {
        var root = Path.Combine(TestData.NewFolder("aae-crop-folder"), "people");
        for (int i = 0; i < 3; i++)
            Write(Path.Combine(root, $"person{i}", $"person{i}_0001.png"), 80, 80, 40, SKColors.Blue, SKColors.Red, SKEncodedImageFormat.Png);
        var cache = TestData.NewFolder("aae-crop-cache");
        var wholeOptions = new ImageFolderOptions(ImageSelection.FirstPerClass, 8, 8);
        var cropOptions = wholeOptions with { Crop = 40 };
        using var whole = ImageFolder.Load(root, wholeOptions, cache).Data;
        using var cropped = ImageFolder.Load(root, cropOptions, cache).Data;
        using var again = ImageFolder.Load(root, cropOptions, cache).Data;
        Assert.NotEqual(ImageFolder.CachePath(cache, root, wholeOptions), ImageFolder.CachePath(cache, root, cropOptions));
        Assert.True(File.Exists(ImageFolder.CachePath(cache, root, cropOptions)));
        Assert.True(Means(cropped).Blue < 5 && Means(whole).Blue > 100);
        Assert.True(again.Images.equal(cropped.Images).all().item<bool>());
    }
}
