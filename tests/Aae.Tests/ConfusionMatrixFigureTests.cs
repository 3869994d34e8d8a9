using Aae.Data;
using Aae.Evaluation;
using Aae.Visualization;
using SkiaSharp;

namespace Aae.Tests;

[Trait("Category", "Unit")]
public sealed class ConfusionMatrixFigureTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(2)]
    public void DrawsAReadablePng(int classes)
    {
        var names = Cifar10.StandardClassNames.Take(classes).ToArray();
        // A plausible classifier: right about 60% of the time, otherwise a neighbouring class.
        var random = new Random(classes);
        var actual = Enumerable.Range(0, 1000).Select(i => i % classes).ToArray();
        var predicted = actual.Select(t => random.NextDouble() < 0.6 ? t : (t + 1 + random.Next(2)) % classes).ToArray();
        var report = ClassificationReport.From(predicted, actual, names);

        var path = Path.Combine(TestData.NewFolder("aae-confusion"), $"confusion-{classes}.png");
        ConfusionMatrixFigure.Save(path, report, "LightGBM on test codes");

        using var bitmap = SKBitmap.Decode(path);
        Assert.InRange(bitmap.Width, 400, 1400);
        Assert.InRange(bitmap.Height, 300, 1400);
        // Somewhere the diagonal is dark and the text is drawn (not a blank picture).
        var colours = new HashSet<SKColor>();
        for (int y = 0; y < bitmap.Height; y += 3)
            for (int x = 0; x < bitmap.Width; x += 3)
                colours.Add(bitmap.GetPixel(x, y));
        Assert.True(colours.Count > 20);
        var keep = Environment.GetEnvironmentVariable("AAE_KEEP_FIGURES");
        if (!string.IsNullOrEmpty(keep)) File.Copy(path, Path.Combine(keep, Path.GetFileName(path)), overwrite: true);
    }
}
