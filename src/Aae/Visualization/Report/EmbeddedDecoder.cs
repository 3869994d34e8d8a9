using Aae.Families;
using Aae.Networks;

namespace Aae.Visualization.Report;

/// <summary>
/// An MLP decoder's weights for report.html, whose script runs its forward pass (Linear, ReLU, ...,
/// Linear, sigmoid) as the pointer moves. Only decoders up to <see cref="MaxParameters"/> are
/// embedded: the study's MNIST decoder (2-64-256-784, 218,000 weights, 0.9 MB) is; the categorical
/// 1000-1000 decoder (1.8 million, 7 MB) and the faces conv decoder are not, and their pages show
/// precomputed frames instead.
/// </summary>
public sealed record EmbeddedDecoder(IReadOnlyList<EmbeddedDecoder.Layer> Layers, long[] ImageShape, int Classes)
{
    public const long MaxParameters = 500_000;

    /// <summary>One Linear layer: weight [Outputs, Inputs] row-major and bias [Outputs], as base64 float32.</summary>
    public sealed record Layer(int Inputs, int Outputs, string Weight, string Bias);

    /// <summary>Why the page does or does not run the model's decoder, in words for the page.</summary>
    public static string Describe(ModelFamily model)
    {
        long weights = model.DecoderNetwork.parameters().Sum(p => p.numel());
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return model.DecoderNetwork is not MlpDecoder ? string.Create(invariant, $"The decoder is not a plain MLP ({(model.DecoderNetwork is ConvDecoder64 ? "convolutional" : "cluster heads before an MLP")}, {weights:N0} weights), which this page does not run: these are precomputed frames, one direction at a time.")
            : weights > MaxParameters ? string.Create(invariant, $"The decoder has {weights:N0} weights, over the {MaxParameters:N0} this page embeds: these are precomputed frames, one direction at a time.")
            : string.Create(invariant, $"The decoder runs in this page ({weights:N0} weights).");
    }

    /// <summary>The model's decoder, or null when it is not an MLP or is too large to embed.</summary>
    public static EmbeddedDecoder? Of(ModelFamily model)
    {
        if (model.DecoderNetwork is not MlpDecoder decoder) return null;
        // Linear layers in order: ReLU after each but the last, a sigmoid after the last.
        var linears = decoder.Layers.children().OfType<TorchSharp.Modules.Linear>().ToList();
        if (linears.Sum(l => l.weight!.numel() + (l.bias?.numel() ?? 0)) > MaxParameters) return null;
        var layers = linears.Select(l => new Layer((int)l.weight!.shape[1], (int)l.weight.shape[0],
            Embedded.Floats(l.weight), Embedded.Floats(l.bias ?? TorchSharp.torch.zeros(l.weight.shape[0])))).ToList();
        return new EmbeddedDecoder(layers, decoder.ImageShape, model.DecoderClasses());
    }
}
