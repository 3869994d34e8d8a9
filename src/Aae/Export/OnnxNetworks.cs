using Aae.Networks;
using TorchSharp.Modules;
using static Aae.Export.OnnxGraph;
using static TorchSharp.torch;

namespace Aae.Export;

/// <summary>
/// The project's encoders and decoders (MLP and conv64) as ONNX nodes, step for step as their
/// forward methods: the flatten before an MLP or a conv encoder's linear layer, the sigmoid and the
/// reshape to images after a decoder.
/// </summary>
static class OnnxNetworks
{
    /// <summary>Images [batch, .. <paramref name="imageShape"/>] to the encoder's raw output [batch, <see cref="OutputWidth"/>].</summary>
    public static string Encoder(OnnxGraph graph, nn.Module<Tensor, Tensor> encoder, string images, long[] imageShape)
    {
        switch (encoder)
        {
            case MlpEncoder mlp:
            {
                if (FirstLinear(mlp.Layers).in_features != imageShape.Aggregate(1L, (a, b) => a * b))
                    throw Mismatch("encoder", FirstLinear(mlp.Layers).in_features + " pixels", imageShape);
                var flat = graph.Node("Flatten", [images], "encoder.flatten", Attribute("axis", 1L));
                return OnnxLayers.Sequence(graph, mlp.Layers, "encoder.layers", flat);
            }
            case ConvEncoder64 conv:
            {
                RequireConvImages("encoder", imageShape);
                var maps = OnnxLayers.Sequence(graph, conv.Features, "encoder.features", images);
                var flat = graph.Node("Flatten", [maps], "encoder.flatten", Attribute("axis", 1L));
                return OnnxLayers.Layer(graph, conv.ToCode, "encoder.toCode", flat);
            }
            default:
                throw Unsupported("encoder", encoder);
        }
    }

    /// <summary>The width of the encoder's output (its last linear layer's).</summary>
    public static long OutputWidth(nn.Module<Tensor, Tensor> encoder) => encoder switch
    {
        MlpEncoder mlp => LastLinear(mlp.Layers).out_features,
        ConvEncoder64 conv => LastLinear(conv.ToCode).out_features,
        _ => throw Unsupported("encoder", encoder),
    };

    /// <summary>Decoder inputs [batch, <see cref="InputWidth"/>] to images [batch, .. <paramref name="imageShape"/>] in [0, 1].</summary>
    public static string Decoder(OnnxGraph graph, nn.Module<Tensor, Tensor> decoder, string input, long[] imageShape)
    {
        switch (decoder)
        {
            case MlpDecoder mlp:
            {
                if (!mlp.ImageShape.SequenceEqual(imageShape)) throw Mismatch("decoder", string.Join("x", mlp.ImageShape) + " images", imageShape);
                var logits = OnnxLayers.Sequence(graph, mlp.Layers, "decoder.layers", input);
                var pixels = graph.Node("Sigmoid", [logits], "decoder.sigmoid");
                return Reshape(graph, pixels, "decoder.to_images", mlp.ImageShape);
            }
            case ConvDecoder64 conv:
            {
                RequireConvImages("decoder", imageShape);
                var flat = OnnxLayers.Sequence(graph, conv.FromCode, "decoder.fromCode", input);
                var maps = Reshape(graph, flat, "decoder.to_maps", [conv.FeatureChannels, ConvDecoder64.FeatureSize, ConvDecoder64.FeatureSize]);
                return OnnxLayers.Sequence(graph, conv.Features, "decoder.features", maps);
            }
            default:
                throw Unsupported("decoder", decoder);
        }
    }

    /// <summary>The width of the decoder's input (its first linear layer's).</summary>
    public static long InputWidth(nn.Module<Tensor, Tensor> decoder) => decoder switch
    {
        MlpDecoder mlp => FirstLinear(mlp.Layers).in_features,
        ConvDecoder64 conv => FirstLinear(conv.FromCode).in_features,
        _ => throw Unsupported("decoder", decoder),
    };

    /// <summary>The conv64 networks take 3x64x64 images only.</summary>
    static void RequireConvImages(string role, long[] imageShape)
    {
        if (imageShape is not [3, ConvEncoder64.ImageSize, ConvEncoder64.ImageSize])
            throw Mismatch(role, $"3x{ConvEncoder64.ImageSize}x{ConvEncoder64.ImageSize} images", imageShape);
    }

    /// <summary>Reshape to [batch, .. shape], the batch inferred (-1) so it stays dynamic.</summary>
    static string Reshape(OnnxGraph graph, string input, string name, long[] shape) =>
        graph.Node("Reshape", [input, graph.Int64s($"{name}.shape", [-1, .. shape])], name);

    static Linear FirstLinear(nn.Module module) => Linears(module).First();

    static Linear LastLinear(nn.Module module) => Linears(module).Last();

    static IEnumerable<Linear> Linears(nn.Module module) =>
        module is Linear linear ? [linear] : module.named_children().SelectMany(child => Linears(child.module));

    static AaeException Mismatch(string role, string takes, long[] imageShape) =>
        new($"ONNX export: the {role} takes {takes}, the images are {string.Join("x", imageShape)}");

    static AaeException Unsupported(string role, nn.Module network) =>
        new($"ONNX export covers the MLP and conv64 networks; this model's {role} is a {network.GetType().Name}");
}
