using Aae.Data;
using Aae.Evaluation;
using Aae.Families;
using Aae.Priors;
using Aae.Training;
using Aae.Visualization;
using ScottPlot;
using static TorchSharp.torch;

namespace Aae.Families.CategoricalAae;

/// <summary>
/// The figures of a categorical model (semi-supervised classification, clustering): the test
/// confusion matrix and the commonest mistakes' images, the validation error per epoch, each category's decodes beside the training
/// images it took (the paper's clustering figure), and styles against categories (its
/// style/content figure). Clustering categories are shown in the order of the labels they stand for.
/// </summary>
public static class CategoricalFigures
{
    const int PerRow = 10;

    public static void Draw(Func<string, string> add, ModelFamily model, CategoricalPrior prior, ImageDataset train, ImageDataset test,
        IReadOnlyList<EpochRecord> history, bool clustering, Generator generator)
    {
        var assigned = Categorisation.Categories(model, train);
        var clusters = clustering ? Categorisation.FitClusters(model, train, assigned) : null;
        var predicted = Categorisation.PredictedClasses(model, test, clusters);
        var actual = test.LabelArray();
        var report = ClassificationReport.From(predicted, actual, test.ClassNames);
        ConfusionMatrixFigure.Save(add("confusion.png"), report, clustering ? "test, clusters as their majority label" : "test");
        MistakesFigure.Save(add("mistakes.png"), MistakesFigure.Groups(predicted, actual), indices => test.FloatImages(tensor(indices)), test.ClassNames,
            predicted.Zip(actual).Count(p => p.First != p.Second), test.Count);
        if (history.Count > 0 && history[0].Loss("validation_error") is not null)
            SaveErrors(add("errors.png"), history);
        var order = clusters is null
            ? Enumerable.Range(0, prior.Categories).ToArray()
            : clusters.Categories.OrderBy(c => c.Label < 0 ? int.MaxValue : c.Label).ThenBy(c => c.Index).Select(c => c.Index).ToArray();
        SaveCategories(add("categories.png"), model, prior, train, assigned, order, generator);
        SaveStyles(add("styles.png"), model, prior, test, order);
        if (model is CategoricalAaeFamily { ClusterHeads: { } heads })
            SaveRepresentation(add("representation.png"), model, heads, prior, test, generator);
    }

    /// <summary>
    /// The dimensionality reduction's map (the paper's Figure 11): W_C y + z of the test images by
    /// digit, beside prior draws (a one-hot's head plus a Gaussian style) by category; for codes of
    /// more than two dimensions, their first two axes.
    /// </summary>
    static void SaveRepresentation(string path, ModelFamily model, ClusterHeadDecoder heads, CategoricalPrior prior, ImageDataset test, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var represented = heads.Represent(Encoding.Encode(model, test));
        var components = randint(prior.Categories, [test.Count], dtype: ScalarType.Int64, generator: generator);
        var drawn = heads.Represent(prior.Sample(components, generator));
        LatentScatterFigure.Save(path, represented, test.Labels, test.ClassNames, drawn, components, prior.Categories);
    }

    static void SaveErrors(string path, IReadOnlyList<EpochRecord> history)
    {
        var plot = new Plot();
        var epochs = history.Select(r => (double)r.Epoch).ToArray();
        LossCurvesFigure.Line(plot, epochs, history.Select(r => 100 * r.Loss("validation_error")!.Value), "validation error", 0);
        plot.Title("error on the validation images (never trained on)");
        plot.XLabel("epoch");
        plot.YLabel("error (%)");
        plot.ShowLegend(Alignment.UpperRight);
        using var bitmap = Plots.Render(plot, 640, 420);
        Png.Save(bitmap, path);
    }

    /// <summary>One row per category: decodes of its one-hot under random styles, beside training images it took.</summary>
    static void SaveCategories(string path, ModelFamily model, CategoricalPrior prior, ImageDataset train, int[] assigned, int[] order,
        Generator generator)
    {
        using var scope = NewDisposeScope();
        int categories = order.Length;
        var components = tensor(order.Select(k => (long)k).ToArray()).repeat_interleave(PerRow);
        var decodes = Encoding.Decode(model, prior.Sample(components, generator));

        var examples = zeros_like(decodes);
        var random = new Random((int)generator.initial_seed());
        for (int row = 0; row < categories; row++)
        {
            var members = Enumerable.Range(0, assigned.Length).Where(i => assigned[i] == order[row]).ToArray();
            random.Shuffle(members);
            int shown = Math.Min(PerRow, members.Length);
            if (shown == 0) continue;
            var images = train.FloatImages(tensor(members[..shown].Select(i => (long)i).ToArray()));
            examples.narrow(0, row * PerRow, shown).copy_(images);
        }
        using var left = ImageGrid.Render(decodes, PerRow);
        using var right = ImageGrid.Render(examples, PerRow);
        // Rows: categories 0, 1, ... (semi-supervised: classes 0, 1, ...); clustering, in the order of the labels they stand for.
        using var figure = Png.SideBySide([(left, "each category under random styles"), (right, "training images it took")]);
        Png.Save(figure, path);
    }

    /// <summary>Rows are the styles of test images (the image first), columns the categories.</summary>
    static void SaveStyles(string path, ModelFamily model, CategoricalPrior prior, ImageDataset test, int[] order, int rows = 10)
    {
        using var scope = NewDisposeScope();
        int count = Math.Min(rows, test.Count), categories = order.Length;
        var originals = test.FloatImages(arange(count, dtype: ScalarType.Int64));
        var styles = Encoding.Encode(model, test.Take(count)).narrow(1, prior.Categories, prior.StyleSize);
        var components = tensor(order.Select(k => (long)k).ToArray()).repeat(count);
        var codes = cat([prior.OneHot(components), styles.repeat_interleave(categories, 0)], 1);
        var decoded = Encoding.Decode(model, codes).view(count, categories, originals.shape[1], originals.shape[2], originals.shape[3]);
        var grid = cat([originals.unsqueeze(1), decoded], 1).flatten(0, 1);
        using var bitmap = ImageGrid.Render(grid, categories + 1);
        using var figure = Png.SideBySide([(bitmap, "test image | its style decoded with each category")]);
        Png.Save(figure, path);
    }
}
