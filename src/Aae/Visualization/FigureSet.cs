using Aae.Data;
using Aae.Evaluation;
using Aae.Models;
using Aae.Priors;
using Aae.Runs;
using Aae.Training;
using static TorchSharp.torch;

namespace Aae.Visualization;

/// <summary>Draws every figure of an image AAE run into its figures/ folder, from the model and the test set.</summary>
public static class FigureSet
{
    public static IReadOnlyList<string> Draw(RunFolder run, AdversarialAutoencoder model, IPrior prior, ImageDataset test,
        Tensor testCodes, IReadOnlyList<EpochRecord> history, long seed)
    {
        using var scope = NewDisposeScope();
        Directory.CreateDirectory(run.FiguresPath);
        var written = new List<string>();
        var generator = new Generator((ulong)seed + 12345);
        var sampleCount = Math.Min(10000, test.Count);
        var components = randint(prior.ComponentCount, [sampleCount], dtype: ScalarType.Int64, generator: generator);
        var priorSamples = prior.Sample(components, generator);

        if (prior.Dimensions == 2)
        {
            LatentScatterFigure.Save(Add(run.Figure("latent.png")), testCodes, test.Labels, test.ClassNames, priorSamples, components);
            Png.Save(ManifoldBitmap(model), Add(run.Figure("manifold.png")));
        }

        var originals = test.FloatImages(arange(Math.Min(64, test.Count), dtype: ScalarType.Int64));
        var reconstructions = Encoding.Decode(model, testCodes[..(int)originals.shape[0]]);
        using (var left = ImageGrid.Render(originals, 8))
        using (var right = ImageGrid.Render(reconstructions, 8))
        using (var figure = Png.SideBySide([(left, "test images"), (right, "reconstructions")]))
            Png.Save(figure, Add(run.Figure("reconstructions.png")));

        if (prior.ComponentCount > 1)
        {
            const int steps = 15;
            var paths = cat(Enumerable.Range(0, prior.ComponentCount).Select(k => prior.ComponentPath(k, steps)!).ToArray(), 0);
            using var styles = ImageGrid.Render(Encoding.Decode(model, paths), steps);
            Png.Save(styles, Add(run.Figure("styles.png")));
        }

        if (history.Count > 0)
        {
            LossCurvesFigure.Save(Add(run.Figure("losses.png")), history);
            var onCodes = DiscriminatorProbabilities(model, testCodes);
            var onPrior = DiscriminatorProbabilities(model, priorSamples);
            DiscriminatorFigure.Save(Add(run.Figure("discriminator.png")), history, onCodes, onPrior);
        }
        return written;

        string Add(string path)
        {
            written.Add(path);
            return path;
        }
    }

    /// <summary>The decoder over a 20x20 grid on [-3, 3]², y growing upwards as in a scatter plot.</summary>
    static SkiaSharp.SKBitmap ManifoldBitmap(AdversarialAutoencoder model)
    {
        using var scope = NewDisposeScope();
        const int side = 20;
        var steps = linspace(-3, 3, side);
        var ys = steps.flip(0).repeat_interleave(side);
        var xs = steps.repeat(side);
        var decoded = Encoding.Decode(model, stack([xs, ys], 1));
        return ImageGrid.Render(decoded, side, scale: 1, gap: 0);
    }

    /// <summary>D's probability of "from the prior", with the "unlabelled" class when D sees labels.</summary>
    static double[] DiscriminatorProbabilities(AdversarialAutoencoder model, Tensor points)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        var input = points;
        if (model.LabelClasses > 0)
        {
            var unlabelled = full([points.shape[0]], model.LabelClasses - 1, ScalarType.Int64);
            input = cat([points, nn.functional.one_hot(unlabelled, model.LabelClasses).to_type(ScalarType.Float32)], 1);
        }
        return model.Discriminator.forward(input).sigmoid().flatten().to_type(ScalarType.Float64).data<double>().ToArray();
    }
}
