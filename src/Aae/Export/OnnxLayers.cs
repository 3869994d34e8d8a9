using TorchSharp.Modules;
using static Aae.Export.OnnxGraph;
using static TorchSharp.torch;

namespace Aae.Export;

/// <summary>
/// TorchSharp layers as ONNX nodes, with the semantics of evaluation mode (batch norm uses its
/// running statistics). Weights keep their checkpoint names (encoder.layers.linear0.weight, ...).
/// A layer not listed here is refused rather than guessed at.
/// </summary>
static class OnnxLayers
{
    /// <summary>The children of a Sequential in order, from <paramref name="input"/>; returns the last output's name.</summary>
    public static string Sequence(OnnxGraph graph, nn.Module sequential, string path, string input)
    {
        var value = input;
        foreach (var (name, child) in sequential.named_children())
            value = Layer(graph, child, $"{path}.{name}", value);
        return value;
    }

    /// <summary>One layer (or a nested Sequential) applied to <paramref name="input"/>; returns its output's name.</summary>
    public static string Layer(OnnxGraph graph, nn.Module module, string path, string input) => module switch
    {
        Sequential => Sequence(graph, module, path, input),
        Linear linear => Gemm(graph, linear, path, input),
        ReLU => graph.Node("Relu", [input], path),
        LeakyReLU leaky => graph.Node("LeakyRelu", [input], path, Attribute("alpha", (float)leaky.negative_slope)),
        Sigmoid => graph.Node("Sigmoid", [input], path),
        ConvTranspose2d deconv => Convolution(graph, deconv, "ConvTranspose", path, input),
        Conv2d conv => Convolution(graph, conv, "Conv", path, input),
        BatchNorm2d norm => BatchNormalization(graph, norm, path, input),
        _ => throw new AaeException($"ONNX export: layer {path} is a {module.GetType().Name}, which the exporter does not translate"),
    };

    /// <summary>y = x·Wᵀ + b: Gemm with transB, so the weight keeps torch's [out, in] layout.</summary>
    static string Gemm(OnnxGraph graph, Linear linear, string path, string input)
    {
        var weight = graph.Weight($"{path}.weight", linear.weight!);
        string[] inputs = linear.bias is null ? [input, weight] : [input, weight, graph.Weight($"{path}.bias", linear.bias)];
        return graph.Node("Gemm", inputs, path, Attribute("transB", 1L));
    }

    /// <summary>Conv or ConvTranspose: both keep torch's weight layout; torch's symmetric padding p is ONNX's pads [p_h, p_w, p_h, p_w].</summary>
    static string Convolution(OnnxGraph graph, Convolution conv, string opType, string path, string input)
    {
        if (conv.padding_mode != PaddingModes.Zeros || conv.padding_type == Padding.Same)
            throw new AaeException($"ONNX export: layer {path} pads with {conv.padding_mode}/{conv.padding_type}, which the exporter does not translate");
        var padding = conv.padding_type == Padding.Valid || conv.padding is null ? new long[conv.kernel_size.Length] : conv.padding;
        var weight = graph.Weight($"{path}.weight", conv.weight!);
        string[] inputs = conv.bias is null ? [input, weight] : [input, weight, graph.Weight($"{path}.bias", conv.bias)];
        var attributes = new List<Onnx.AttributeProto>
        {
            Attribute("kernel_shape", conv.kernel_size),
            Attribute("strides", conv.stride),
            Attribute("pads", [.. padding, .. padding]),
            Attribute("dilations", conv.dilation),
            Attribute("group", conv.groups),
        };
        if (conv.transposed) attributes.Add(Attribute("output_padding", conv.output_padding));
        return graph.Node(opType, inputs, path, [.. attributes]);
    }

    /// <summary>Inference batch norm: (x − running mean) / √(running var + ε) · scale + shift.</summary>
    static string BatchNormalization(OnnxGraph graph, BatchNorm2d norm, string path, string input)
    {
        if (norm.running_mean is null || norm.running_var is null)
            throw new AaeException($"ONNX export: batch norm {path} keeps no running statistics, so it has no evaluation-mode form");
        using var scope = NewDisposeScope();
        var scale = norm.weight is null ? ones(norm.num_features) : (Tensor)norm.weight;
        var shift = norm.bias is null ? zeros(norm.num_features) : (Tensor)norm.bias;
        string[] inputs =
        [
            input,
            graph.Weight($"{path}.weight", scale),
            graph.Weight($"{path}.bias", shift),
            graph.Weight($"{path}.running_mean", norm.running_mean),
            graph.Weight($"{path}.running_var", norm.running_var),
        ];
        return graph.Node("BatchNormalization", inputs, path, Attribute("epsilon", (float)norm.eps));
    }
}
