using Aae.Data;
using Aae.Evaluation;
using Aae.Families;
using Aae.Priors;
using Aae.Runs;
using Aae.Training;
using static TorchSharp.torch;

namespace Aae.Visualization;

/// <summary>
/// Draws a run's figures into its figures/ folder, each chosen by what the model and data can do
/// (a 2-D code, a mixture prior, a class-conditioned decoder, a discriminator, labelled data or an
/// image folder), not by which dataset or family it is.
/// </summary>
public static class FigureSet
{
    public static IReadOnlyList<string> Draw(RunFolder run, ModelFamily model, ImageDataset train, Tensor trainCodes,
        ImageDataset test, Tensor testCodes, bool isImageFolder, IReadOnlyList<EpochRecord> history, long seed)
    {
        using var scope = NewDisposeScope();
        Directory.CreateDirectory(run.FiguresPath);
        var written = new List<string>();
        var prior = model.Prior;
        var generator = new Generator((ulong)seed + 12345);
        var sampleCount = Math.Min(10000, test.Count);
        var components = randint(prior.ComponentCount, [sampleCount], dtype: ScalarType.Int64, generator: generator);
        var priorSamples = prior.Sample(components, generator);

        if (prior.Dimensions == 2 && !isImageFolder)
            LatentScatterFigure.Save(Add("latent.png"), testCodes, test.Labels, test.ClassNames, priorSamples, components, prior.ComponentCount);
        if (prior.Dimensions == 2 && model.DecoderClasses() == 0)
            Png.Save(ManifoldBitmap(model), Add("manifold.png"));

        if (isImageFolder)
        {
            FaceFigureSet.SaveReconstructions(Add("reconstructions.png"), model, train, trainCodes, "training images");
            FaceFigureSet.SaveReconstructions(Add("reconstructions_heldout.png"), model, test, testCodes, "held-out images");
        }
        else SaveReconstructionGrids(Add("reconstructions.png"), model, test, testCodes);

        // The family's own figures; one under a shared figure's name (styles.png) replaces it.
        model.AddFigures(new FamilyFigures(Add, train, test, testCodes, history, generator));
        bool familyDrewStyles = written.Any(path => Path.GetFileName(path) == "styles.png");
        if (!familyDrewStyles && model.DecoderClasses() > 0)
            StyleContentFigure.Save(Add("styles.png"), model, test, testCodes);
        else if (!familyDrewStyles && prior.ComponentCount > 1)
            SaveComponentStyles(Add("styles.png"), model);

        // A class-conditioned decoder draws the classes in turn, six rows of them.
        SamplesFigure.Save(Add("samples.png"), model, model.DecoderClasses() > 0 ? 6 * model.DecoderClasses() : 64, generator);

        if (history.Count > 0) LossCurvesFigure.Save(Add("losses.png"), history);
        if (model is ICodeDiscriminator && history.Count > 0 && history[0].Loss("d_on_prior") is not null)
            DiscriminatorFigure.Save(Add("discriminator.png"), history,
                Encoding.DiscriminatorProbabilities(model, testCodes, test.Labels),
                Encoding.DiscriminatorProbabilities(model, priorSamples, test.Labels[..(int)priorSamples.shape[0]]));
        if (prior.Dimensions > 2)
            FaceFigureSet.SaveCodeNorms(Add("code_norms.png"), trainCodes, prior.SampleAnyComponent(trainCodes.shape[0], generator));

        if (isImageFolder && model.DecoderClasses() == 0)
        {
            var chosen = randperm(train.Count, generator: generator)[..Math.Min(16, train.Count)];
            FaceFigureSet.SaveNeighbourWalks(Add("interpolations.gif"), model, trainCodes.index_select(0, chosen), trainCodes);
        }
        return written;

        string Add(string name)
        {
            var path = run.Figure(name);
            written.Add(path);
            return path;
        }
    }

    /// <summary>The first 64 test images beside their reconstructions.</summary>
    static void SaveReconstructionGrids(string path, ModelFamily model, ImageDataset test, Tensor testCodes)
    {
        using var scope = NewDisposeScope();
        int count = Math.Min(64, test.Count);
        var originals = test.FloatImages(arange(count, dtype: ScalarType.Int64));
        var reconstructions = Encoding.Decode(model, testCodes[..count], test.Labels[..count]);
        using var left = ImageGrid.Render(originals, 8);
        using var right = ImageGrid.Render(reconstructions, 8);
        using var figure = Png.SideBySide([(left, "test images"), (right, "reconstructions")]);
        Png.Save(figure, path);
    }

    /// <summary>One row per prior component: the decoder along a walk through that component.</summary>
    static void SaveComponentStyles(string path, ModelFamily model)
    {
        using var scope = NewDisposeScope();
        const int steps = 15;
        var paths = cat(Enumerable.Range(0, model.Prior.ComponentCount).Select(k => model.Prior.ComponentPath(k, steps)!).ToArray(), 0);
        using var styles = ImageGrid.Render(Encoding.Decode(model, paths), steps);
        Png.Save(styles, path);
    }

    /// <summary>The decoder over a 20x20 grid on [-3, 3]², y growing upwards as in a scatter plot.</summary>
    static SkiaSharp.SKBitmap ManifoldBitmap(ModelFamily model)
    {
        using var scope = NewDisposeScope();
        const int side = 20;
        var steps = linspace(-3, 3, side);
        var ys = steps.flip(0).repeat_interleave(side);
        var xs = steps.repeat(side);
        var decoded = Encoding.Decode(model, stack([xs, ys], 1));
        return ImageGrid.Render(decoded, side, scale: 1, gap: 0);
    }
}
