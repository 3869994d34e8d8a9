using Aae.Evaluation;
using SkiaSharp;

namespace Aae.Visualization;

/// <summary>
/// A confusion matrix as a heatmap: true classes down the rows, predicted classes across the
/// columns, each cell showing its count and coloured by the fraction of its row (so every true class
/// reads on the same scale however many samples it has), with the accuracy in the title.
/// </summary>
public static class ConfusionMatrixFigure
{
    // Matplotlib's "Blues" at 0, 1/4, 1/2, 3/4, 1: light for rare confusions, dark for the diagonal.
    static readonly SKColor[] Ramp =
        [new(0xf7, 0xfb, 0xff), new(0xc6, 0xdb, 0xef), new(0x6b, 0xae, 0xd6), new(0x21, 0x71, 0xb5), new(0x08, 0x30, 0x6b)];

    public static void Save(string path, ClassificationReport report, string title = "confusion matrix")
    {
        using var bitmap = Render(report, title);
        Png.Save(bitmap, path);
    }

    public static SKBitmap Render(ClassificationReport report, string title = "confusion matrix")
    {
        var names = report.ClassNames;
        var matrix = report.ConfusionMatrix;
        int classes = names.Count;
        int total = matrix.Sum(row => row.Sum());
        float cell = Math.Clamp(600f / Math.Max(1, classes), 52, 140);

        using var typeface = SKTypeface.Default;
        using var titleFont = new SKFont(typeface, 19);
        using var axisFont = new SKFont(typeface, 16);
        using var nameFont = new SKFont(typeface, 15);
        using var countFont = new SKFont(typeface, cell >= 80 ? 22 : 15) { Embolden = true };
        using var fractionFont = new SKFont(typeface, cell >= 80 ? 14 : 10.5f);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var fill = new SKPaint { IsAntialias = false };

        // Column names go diagonal when they do not fit across a cell.
        float widestName = names.Count == 0 ? 0 : names.Max(n => nameFont.MeasureText(n));
        bool diagonal = widestName > cell - 8;
        float rowNamesWidth = widestName + 12;
        float columnNamesHeight = diagonal ? widestName * 0.71f + 18 : 26;

        const float margin = 16, titleHeight = 40, axisLabelSize = 26, colourBarGap = 24, colourBarWidth = 18, colourBarLabels = 96;
        float gridLeft = margin + axisLabelSize + rowNamesWidth;
        float gridTop = margin + titleHeight;
        float gridSize = cell * classes;
        int width = (int)Math.Ceiling(gridLeft + gridSize + colourBarGap + colourBarWidth + colourBarLabels + margin);
        int height = (int)Math.Ceiling(gridTop + gridSize + columnNamesHeight + axisLabelSize + margin);
        // Diagonal names hang to the left of their column; keep the first one inside the picture.
        width = Math.Max(width, (int)(gridLeft + widestName));
        // The title is centred over the grid unless it is wider than the picture allows.
        string heading = $"{title}: accuracy {report.Accuracy * 100:0.0}% ({total:N0} samples)";
        float headingWidth = titleFont.MeasureText(heading);
        float headingCentre = Math.Max(gridLeft + gridSize / 2, margin + headingWidth / 2);
        width = Math.Max(width, (int)Math.Ceiling(headingCentre + headingWidth / 2 + margin));

        var bitmap = new SKBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);

        canvas.DrawText(heading, headingCentre, margin + 22, SKTextAlign.Center, titleFont, ink);

        for (int t = 0; t < classes; t++)
        {
            int rowTotal = matrix[t].Sum();
            for (int p = 0; p < classes; p++)
            {
                int count = matrix[t][p];
                double fraction = rowTotal == 0 ? 0 : (double)count / rowTotal;
                var rect = SKRect.Create(gridLeft + p * cell, gridTop + t * cell, cell, cell);
                fill.Color = Colour(fraction);
                canvas.DrawRect(rect, fill);

                // White text on the dark half of the ramp, black on the light half.
                using var text = new SKPaint { Color = fraction > 0.45 ? SKColors.White : new SKColor(0x20, 0x20, 0x20), IsAntialias = true };
                float centreX = rect.MidX, centreY = rect.MidY;
                bool showFraction = count > 0; // an empty cell says "0" once, not "0" and "0%"
                float countBaseline = showFraction ? centreY + countFont.Size * 0.15f : centreY + countFont.Size * 0.35f;
                canvas.DrawText(count.ToString("N0"), centreX, countBaseline, SKTextAlign.Center, countFont, text);
                if (showFraction)
                    canvas.DrawText(Percent(fraction), centreX, countBaseline + fractionFont.Size + 3, SKTextAlign.Center, fractionFont, text);
            }
        }

        // Thin white lines between cells, and a frame around the grid.
        using (var lines = new SKPaint { Color = SKColors.White, StrokeWidth = 1, IsStroke = true })
            for (int k = 1; k < classes; k++)
            {
                canvas.DrawLine(gridLeft + k * cell, gridTop, gridLeft + k * cell, gridTop + gridSize, lines);
                canvas.DrawLine(gridLeft, gridTop + k * cell, gridLeft + gridSize, gridTop + k * cell, lines);
            }
        using (var frame = new SKPaint { Color = new SKColor(0x60, 0x60, 0x60), StrokeWidth = 1, IsStroke = true })
            canvas.DrawRect(SKRect.Create(gridLeft, gridTop, gridSize, gridSize), frame);

        for (int k = 0; k < classes; k++)
        {
            float middle = k * cell + cell / 2;
            canvas.DrawText(names[k], gridLeft - 8, gridTop + middle + nameFont.Size * 0.35f, SKTextAlign.Right, nameFont, ink);
            if (diagonal)
            {
                canvas.Save();
                canvas.Translate(gridLeft + middle + 4, gridTop + gridSize + 10);
                canvas.RotateDegrees(-45);
                canvas.DrawText(names[k], 0, 0, SKTextAlign.Right, nameFont, ink);
                canvas.Restore();
            }
            else
            {
                canvas.DrawText(names[k], gridLeft + middle, gridTop + gridSize + 20, SKTextAlign.Center, nameFont, ink);
            }
        }

        canvas.DrawText("predicted class", gridLeft + gridSize / 2, gridTop + gridSize + columnNamesHeight + 20,
            SKTextAlign.Center, axisFont, ink);
        canvas.Save();
        canvas.Translate(margin + 16, gridTop + gridSize / 2);
        canvas.RotateDegrees(-90);
        canvas.DrawText("true class", 0, 0, SKTextAlign.Center, axisFont, ink);
        canvas.Restore();

        DrawColourBar(canvas, gridLeft + gridSize + colourBarGap, gridTop, colourBarWidth, gridSize, nameFont, ink);
        return bitmap;
    }

    /// <summary>The colour scale beside the grid, 0% at the bottom to 100% at the top.</summary>
    static void DrawColourBar(SKCanvas canvas, float left, float top, float width, float height, SKFont font, SKPaint ink)
    {
        using var fill = new SKPaint();
        const int steps = 100;
        for (int s = 0; s < steps; s++)
        {
            fill.Color = Colour(1 - (s + 0.5) / steps);
            canvas.DrawRect(SKRect.Create(left, top + s * height / steps, width, height / steps + 1), fill);
        }
        using (var frame = new SKPaint { Color = new SKColor(0x60, 0x60, 0x60), StrokeWidth = 1, IsStroke = true })
            canvas.DrawRect(SKRect.Create(left, top, width, height), frame);
        foreach (var value in new[] { 0, 0.25, 0.5, 0.75, 1 })
        {
            float y = top + (float)(1 - value) * height;
            canvas.DrawLine(left + width, y, left + width + 4, y, ink);
            canvas.DrawText(Percent(value), left + width + 7, y + font.Size * 0.35f, SKTextAlign.Left, font, ink);
        }
        canvas.Save();
        canvas.Translate(left + width + 62, top + height / 2);
        canvas.RotateDegrees(90);
        canvas.DrawText("share of the true class (row)", 0, 0, SKTextAlign.Center, font, ink);
        canvas.Restore();
    }

    static string Percent(double fraction) => $"{fraction * 100:0}%";

    /// <summary>The ramp colour at <paramref name="fraction"/> in [0, 1], linearly between its stops.</summary>
    static SKColor Colour(double fraction)
    {
        double position = Math.Clamp(fraction, 0, 1) * (Ramp.Length - 1);
        int low = Math.Min((int)position, Ramp.Length - 2);
        double t = position - low;
        SKColor a = Ramp[low], b = Ramp[low + 1];
        return new SKColor(Mix(a.Red, b.Red, t), Mix(a.Green, b.Green, t), Mix(a.Blue, b.Blue, t));
    }

    static byte Mix(byte a, byte b, double t) => (byte)Math.Round(a + (b - a) * t);
}
