using Aae.Data;
using Aae.Evaluation;
using Aae.Families;
using Aae.Priors;
using static TorchSharp.torch;

namespace Aae.Visualization.Report;

/// <summary>The 2-D latent explorer: test codes by class, prior draws, each point's image and the decoder for empty space.</summary>
public sealed record LatentExplorer(string Codes, string Labels, IReadOnlyList<string> ClassNames, string PriorPoints,
    string PriorComponents, Embedded.Sprite Images, EmbeddedDecoder? Decoder)
{
    public const int MaxPoints = 10_000;
    const int PriorPointCount = 2_000;
    // 32 grey levels look the same at thumbnail size and keep the MNIST page under 5 MB (4.6 against 5.2 with 256).
    const int HoverImageLevels = 32;

    public static LatentExplorer Of(ModelFamily model, ImageDataset test, Tensor testCodes, Generator generator)
    {
        using var scope = NewDisposeScope();
        int count = Math.Min(MaxPoints, test.Count);
        var components = randint(model.Prior.ComponentCount, [PriorPointCount], dtype: ScalarType.Int64, generator: generator);
        var priorPoints = model.Prior.Sample(components, generator);
        return new LatentExplorer(Embedded.Floats(testCodes[..count]), Embedded.Bytes(test.LabelArray().Take(count)), test.ClassNames,
            Embedded.Floats(priorPoints), Embedded.Bytes(components.data<long>().ToArray().Select(c => (int)c)),
            Embedded.Grid(test.Images[..count], 100, HoverImageLevels), EmbeddedDecoder.Of(model));
    }
}

/// <summary>
/// Codes of more than two dimensions: a few test images whose codes move along the first principal
/// directions of the training codes, decoded in the page when the decoder is embedded, else from
/// precomputed frames (one direction at a time, at <see cref="Steps"/> standard deviations).
/// </summary>
public sealed record LatentDirections(string Mean, string Directions, double[] Spreads, string ChosenCodes, int[] ChosenLabels,
    IReadOnlyList<string> ClassNames, Embedded.Sprite Chosen, EmbeddedDecoder? Decoder, string DecoderNote, double[] Steps, Embedded.Sprite? Frames)
{
    const int DirectionCount = 5;
    const int ChosenCount = 6;
    static readonly double[] FrameSteps = [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2];

    public static LatentDirections Of(ModelFamily model, ImageDataset train, Tensor trainCodes, ImageDataset test, Tensor testCodes, long seed)
    {
        using var scope = NewDisposeScope();
        int directionCount = (int)Math.Min(DirectionCount, trainCodes.shape[1]);
        using var pca = Pca.Fit(trainCodes, directionCount, seed);
        var spreads = pca.Transform(trainCodes).std([0]).data<float>().ToArray().Select(v => (double)v).ToArray();
        var chosen = arange(Math.Min(ChosenCount, test.Count), dtype: ScalarType.Int64);
        var codes = testCodes.index_select(0, chosen);
        var labels = test.Labels.index_select(0, chosen);
        var decoder = EmbeddedDecoder.Of(model);
        Embedded.Sprite? frames = null;
        if (decoder is null)
        {
            // Frame (image i, direction k, step j) at index (i·K + k)·S + j.
            var moves = new List<Tensor>();
            for (int i = 0; i < chosen.shape[0]; i++)
                for (int k = 0; k < directionCount; k++)
                    foreach (var step in FrameSteps)
                        moves.Add(codes[i] + pca.Direction(k) * (float)(step * spreads[k]));
            var moved = stack(moves);
            var frameClasses = model.DecoderClasses() > 0 ? labels.repeat_interleave(directionCount * FrameSteps.Length) : null;
            frames = Embedded.Grid(Encoding.Decode(model, moved, frameClasses), directionCount * FrameSteps.Length);
        }
        return new LatentDirections(Embedded.Floats(pca.Mean), Embedded.Floats(pca.Directions), spreads, Embedded.Floats(codes),
            [.. labels.data<long>().ToArray().Select(l => (int)l)], test.ClassNames, Embedded.Grid(test.Images.index_select(0, chosen), ChosenCount),
            decoder, EmbeddedDecoder.Describe(model), FrameSteps, frames);
    }
}

/// <summary>The categorical model's decodes: one row per style drawn from the prior, one column per category.</summary>
public sealed record CategoryGrid(IReadOnlyList<string> CategoryNames, int Styles, Embedded.Sprite Frames)
{
    const int StyleCount = 12;

    public static CategoryGrid Of(ModelFamily model, CategoricalPrior prior, IReadOnlyList<string> categoryNames, Generator generator)
    {
        using var scope = NewDisposeScope();
        var styles = prior.SampleStyles(StyleCount, generator);
        var categories = prior.OneHot(arange(prior.Categories, dtype: ScalarType.Int64));
        // Row s, column k: category k in style s.
        var codes = cat([categories.repeat(StyleCount, 1), styles.repeat_interleave(prior.Categories, 0)], 1);
        return new CategoryGrid(categoryNames, StyleCount, Embedded.Grid(Encoding.Decode(model, codes), prior.Categories));
    }
}
