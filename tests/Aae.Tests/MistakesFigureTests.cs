using Aae.Visualization;
using SkiaSharp;
using static TorchSharp.torch;

namespace Aae.Tests;

[Trait("Category", "Unit")]
public sealed class MistakesFigureTests
{
    [Fact]
    public void GroupsTheWrongImagesByKindCommonestFirst()
    {
        //                 index:  0  1  2  3  4  5  6  7  8  9
        int[] actual =          [5, 5, 5, 3, 4, 4, 9, 5, 1, 4];
        int[] predicted =       [3, 5, 3, 5, 9, 9, 4, 3, 1, -1];
        var groups = MistakesFigure.Groups(predicted, actual, rows: 3, perRow: 2);

        // 5 -> 3 three times (0, 2, 7), 4 -> 9 twice (4, 5), then 3 -> 5, 4 -> -1 and 9 -> 4 once each: the first by class order.
        Assert.Equal(3, groups.Count);
        Assert.Equal((5, 3, 3), (groups[0].Actual, groups[0].Predicted, groups[0].Count));
        Assert.Equal([0, 2], groups[0].Examples);
        Assert.Equal((4, 9, 2), (groups[1].Actual, groups[1].Predicted, groups[1].Count));
        Assert.Equal([4, 5], groups[1].Examples);
        Assert.Equal((3, 5, 1), (groups[2].Actual, groups[2].Predicted, groups[2].Count));
        Assert.Empty(MistakesFigure.Groups([1, 2], [1, 2]));
    }

    [Fact]
    public void DrawsOneCaptionedRowPerKind()
    {
        var images = rand(10, 1, 28, 28, generator: new Generator(3));
        int[] actual = [5, 5, 5, 3, 4, 4, 9, 5, 1, 4];
        int[] predicted = [3, 5, 3, 5, 9, 9, 4, 3, 1, -1];
        var names = Enumerable.Range(0, 10).Select(i => i.ToString()).ToArray();
        var path = Path.Combine(TestData.NewFolder("aae-mistakes"), "mistakes.png");
        var groups = MistakesFigure.Groups(predicted, actual);
        MistakesFigure.Save(path, groups, indices => images.index_select(0, tensor(indices)), names, 7, 10);

        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(5, groups.Count);  // every kind of the 7 wrong images, including 4 called no class
        // Five rows of 28x28 tiles at twice their size, below a title: taller than 5 x 56 pixels.
        Assert.InRange(bitmap.Height, 5 * 56 + 34, 5 * (56 + 4 + 8) + 34 + 8);
        Assert.True(bitmap.Width > 170 + 56 * 3);
    }
}
