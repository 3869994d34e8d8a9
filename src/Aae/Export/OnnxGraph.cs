using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace Aae.Export;

/// <summary>
/// Builds one ONNX graph a node at a time: float32 weights become initializers, every value has a
/// unique name, and the graph's input and output have a symbolic batch dimension ("batch"), so one
/// file takes any number of images or codes. The protobuf classes are OnnxSharp's (see OnnxExport).
/// </summary>
sealed class OnnxGraph
{
    /// <summary>The name of the dynamic first dimension of every input and output.</summary>
    public const string BatchDimension = "batch";

    readonly GraphProto graph = new();
    readonly HashSet<string> names = [];

    public OnnxGraph(string name, string doc)
    {
        graph.Name = name;
        graph.DocString = doc;
    }

    /// <summary>Declares the graph's float32 input [batch, .. <paramref name="shape"/>]; returns its name.</summary>
    public string Input(string name, long[] shape, string doc)
    {
        graph.Input.Add(ValueInfo(Claim(name), shape, doc));
        return name;
    }

    /// <summary>Names <paramref name="value"/> the graph's float32 output [batch, .. <paramref name="shape"/>] (through an Identity node).</summary>
    public void Output(string value, string name, long[] shape, string doc)
    {
        Node("Identity", [value], name);
        graph.Output.Add(ValueInfo(name, shape, doc));
    }

    /// <summary>A float32 weight tensor as an initializer, under <paramref name="name"/> (the checkpoint's key).</summary>
    public string Weight(string name, Tensor tensor)
    {
        using var values = tensor.detach().to(ScalarType.Float32).cpu().contiguous();
        var proto = new TensorProto { Name = Claim(name), DataType = (int)TensorProto.Types.DataType.Float };
        proto.Dims.AddRange(values.shape);
        // raw_data is little-endian, as the floats are in memory on every platform .NET runs on here.
        proto.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.data<float>().ToArray().AsSpan()));
        graph.Initializer.Add(proto);
        return name;
    }

    /// <summary>An int64 constant (a Reshape's target shape) as an initializer.</summary>
    public string Int64s(string name, long[] values)
    {
        var proto = new TensorProto { Name = Claim(name), DataType = (int)TensorProto.Types.DataType.Int64 };
        proto.Dims.Add(values.Length);
        proto.Int64Data.AddRange(values);
        graph.Initializer.Add(proto);
        return name;
    }

    /// <summary>Adds a node of the default ONNX domain whose one output (and the node itself) is called <paramref name="output"/>.</summary>
    public string Node(string opType, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = Claim(output) };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return output;
    }

    public static AttributeProto Attribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Attribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attribute(string name, long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public GraphProto Build() => graph;

    string Claim(string name)
    {
        if (!names.Add(name)) throw new InvalidOperationException($"ONNX graph {graph.Name}: the name {name} is taken twice");
        return name;
    }

    static ValueInfoProto ValueInfo(string name, long[] shape, string doc)
    {
        var tensorShape = new TensorShapeProto();
        tensorShape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchDimension });
        foreach (var size in shape) tensorShape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = size });
        return new ValueInfoProto
        {
            Name = name,
            DocString = doc,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = tensorShape },
            },
        };
    }
}
