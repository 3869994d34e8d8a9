using SkiaSharp;
using static TorchSharp.torch;

namespace Aae.Visualization;

/// <summary>One kind of mistake: images of class <c>Actual</c> called <c>Predicted</c>, most common first.</summary>
public sealed record MistakeGroup(int Actual, int Predicted, int Count, int[] Examples);

/// <summary>
/// mistakes.png: the images a classifier gets wrong, one row per kind of mistake (a true class
/// called another), the most common kinds first, each row captioned with its count. Where the
/// confusion matrix says how many, this shows what they look like.
/// </summary>
public static class MistakesFigure
{
    /// <summary>The commonest (actual, predicted) pairs with predicted ≠ actual, up to <paramref name="rows"/>, each with its first <paramref name="perRow"/> image indices; ties by class order.</summary>
    public static IReadOnlyList<MistakeGroup> Groups(ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual, int rows = 8, int perRow = 10)
    {
        if (predicted.Length != actual.Length) throw new ArgumentException("as many predictions as labels");
        var byPair = new Dictionary<(int Actual, int Predicted), List<int>>();
        for (int i = 0; i < actual.Length; i++)
        {
            if (predicted[i] == actual[i]) continue;
            var pair = (actual[i], predicted[i]);
            if (!byPair.TryGetValue(pair, out var members)) byPair[pair] = members = [];
            members.Add(i);
        }
        return byPair
            .OrderByDescending(p => p.Value.Count).ThenBy(p => p.Key.Actual).ThenBy(p => p.Key.Predicted)
            .Take(rows)
            .Select(p => new MistakeGroup(p.Key.Actual, p.Key.Predicted, p.Value.Count, [.. p.Value.Take(perRow)]))
            .ToArray();
    }

    /// <param name="images">Returns the images [N, C, H, W] in [0, 1] at the given indices.</param>
    public static void Save(string path, IReadOnlyList<MistakeGroup> groups, Func<long[], Tensor> images, IReadOnlyList<string> classNames,
        int totalWrong, int total, int perRow = 10)
    {
        const int captionWidth = 170, gap = 8, titleHeight = 34;
        var rows = new List<SKBitmap>();
        try
        {
            foreach (var group in groups)
                using (var scope = NewDisposeScope())
                    rows.Add(ImageGrid.Render(images([.. group.Examples.Select(i => (long)i)]), perRow));
            int width = captionWidth + Math.Max(rows.Count == 0 ? 0 : rows.Max(r => r.Width), 420) + gap;
            int height = titleHeight + rows.Sum(r => r.Height + gap) + gap;
            using var figure = new SKBitmap(width, height);
            using (var canvas = new SKCanvas(figure))
            {
                canvas.Clear(SKColors.White);
                using var font = new SKFont(SKTypeface.Default, 16);
                using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
                canvas.DrawText($"test images called wrong: {totalWrong} of {total}; the commonest mistakes", gap, 22, SKTextAlign.Left, font, paint);
                int top = titleHeight;
                for (int row = 0; row < rows.Count; row++)
                {
                    var group = groups[row];
                    // A clustering category that no training image took stands for no class (-1).
                    string called = group.Predicted >= 0 ? classNames[group.Predicted] : "no class";
                    string caption = $"{classNames[group.Actual]} called {called} ({group.Count})";
                    canvas.DrawText(caption, gap, top + rows[row].Height / 2f + 6, SKTextAlign.Left, font, paint);
                    using var image = SKImage.FromBitmap(rows[row]);
                    canvas.DrawImage(image, captionWidth, top, new SKSamplingOptions(SKFilterMode.Nearest));
                    top += rows[row].Height + gap;
                }
            }
            Png.Save(figure, path);
        }
        finally
        {
            foreach (var row in rows) row.Dispose();
        }
    }
}
