using Aae.Data;
using Aae.Evaluation;
using Aae.Families;
using static TorchSharp.torch;

namespace Aae.Visualization;

/// <summary>
/// The AAE paper's style/content figure for a class-conditioned decoder: each row is one test
/// image's style code (the image itself in the first column) decoded with every class in turn.
/// A good model keeps the row's style (slant, width, stroke) and draws the column's class.
/// </summary>
public static class StyleContentFigure
{
    public static void Save(string path, ModelFamily model, ImageDataset test, Tensor testCodes, int rows = 10)
    {
        using var scope = NewDisposeScope();
        int classes = model.DecoderClasses(), count = Math.Min(rows, test.Count);
        var originals = test.FloatImages(arange(count, dtype: ScalarType.Int64));
        // [rows, classes] grid: row r repeats style r, column c is class c.
        var styles = testCodes[..count].repeat_interleave(classes, 0);
        var classIds = arange(classes, dtype: ScalarType.Int64).repeat(count);
        var decoded = Encoding.Decode(model, styles, classIds).view(count, classes, originals.shape[1], originals.shape[2], originals.shape[3]);
        var grid = cat([originals.unsqueeze(1), decoded], 1).flatten(0, 1);
        using var bitmap = ImageGrid.Render(grid, classes + 1, scale: 2);
        using var figure = Png.SideBySide([(bitmap, $"test image | its style decoded as class 0 .. {classes - 1}")]);
        Png.Save(figure, path);
    }
}
