using Aae.Families;
using Aae.Runs;
using Google.Protobuf;
using Onnx;

namespace Aae.Export;

/// <summary>
/// Writes a model's encoder and decoder as two ONNX files (encoder.onnx, decoder.onnx), opset 17,
/// float32, with a dynamic batch dimension, so they run in ONNX Runtime or any ONNX tool without
/// TorchSharp. They compute what the networks compute in evaluation mode (batch norm with its
/// running statistics). The MLP and conv64 networks of every family are covered; the supervised
/// AAE's decoder takes [code, one-hot(class)], the categorical AAE's encoder gives its raw output
/// (K category logits, then the style), as the inputs' and outputs' names and doc strings say.
/// </summary>
/// <remarks>
/// The protobuf messages are OnnxSharp's: it ships the C# classes generated from onnx.proto (on
/// Google.Protobuf), so no protoc step and no copy of onnx.proto live in this repository; with
/// Google.Protobuf alone the project would have to generate and keep those classes itself.
/// </remarks>
public static class OnnxExport
{
    /// <summary>The ONNX operator set the files declare (every operator used is unchanged since at least opset 15).</summary>
    public const int Opset = 17;

    /// <summary>ONNX IR version 8, the one that came with opset 17 (ONNX 1.12), so older runtimes read the files too.</summary>
    public const long IrVersion = 8;

    public const string EncoderFileName = "encoder.onnx";
    public const string DecoderFileName = "decoder.onnx";

    /// <summary>A trained run's encoder and decoder into <paramref name="folder"/>; returns the files' paths.</summary>
    public static IReadOnlyList<string> Save(TrainedModel model, string folder) =>
        Save(model.Family, model.Info.ImageShape!, folder, model.Config.Data.Deskew);

    /// <summary>
    /// The model's encoder and decoder, for images of <paramref name="imageShape"/> [C, H, W], into
    /// <paramref name="folder"/>; returns the files' paths. <paramref name="deskewed"/>: the model was
    /// trained on deskewed images (--deskew), which the encoder's input then says.
    /// </summary>
    public static IReadOnlyList<string> Save(ModelFamily model, long[] imageShape, string folder, bool deskewed = false)
    {
        var encoder = EncoderModel(model, imageShape, deskewed);
        var decoder = DecoderModel(model, imageShape);
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AaeException($"{folder}: cannot create the folder ({e.Message})", e);
        }
        // The pair is committed together: a full disk leaves both files or neither, never an encoder alone.
        var files = new[] { (EncoderFileName, encoder), (DecoderFileName, decoder) }
            .Select(pair => (Path: Path.Combine(folder, pair.Item1), Write: (Action<Stream>)(stream => pair.Item2.WriteTo(stream)))).ToList();
        AtomicFile.WriteAll(files);
        return [.. files.Select(file => file.Path)];
    }

    /// <summary>The encoder as an ONNX model: "images" [batch, C, H, W] to "codes" (or the categorical AAE's "logits_and_style").</summary>
    public static ModelProto EncoderModel(ModelFamily model, long[] imageShape, bool deskewed = false)
    {
        var graph = new OnnxGraph("encoder", "images to codes");
        var images = graph.Input("images", imageShape,
            $"float32 [batch, {Shape(imageShape)}]: pixels in [0, 1] (8-bit values / 255), channels first"
            + (deskewed ? "; deskewed first (each image sheared upright and centred on its ink, as Aae.Data.Deskew does: the model learnt on such images)" : ""));
        var width = OnnxNetworks.OutputWidth(model.EncoderNetwork);
        var output = OnnxNetworks.Encoder(graph, model.EncoderNetwork, images, imageShape);
        var signature = Signature(model);
        graph.Output(output, signature.EncoderOutput, [width], signature.EncoderOutputDoc);
        var proto = Model(graph, "encoder", imageShape, model);
        if (deskewed) proto.MetadataProps.Add(new StringStringEntryProto { Key = "aae.deskew", Value = "true" });
        return proto;
    }

    /// <summary>The decoder as an ONNX model: "codes" (the supervised AAE's "codes_and_one_hot", the categorical AAE's "categories_and_style") to "images".</summary>
    public static ModelProto DecoderModel(ModelFamily model, long[] imageShape)
    {
        var graph = new OnnxGraph("decoder", "codes to images");
        var width = OnnxNetworks.InputWidth(model.DecoderNetwork);
        var signature = Signature(model);
        var input = graph.Input(signature.DecoderInput, [width], signature.DecoderInputDoc);
        var output = OnnxNetworks.Decoder(graph, model.DecoderNetwork, input, imageShape);
        graph.Output(output, "images", imageShape, $"float32 [batch, {Shape(imageShape)}]: pixels in [0, 1], channels first");
        return Model(graph, "decoder", imageShape, model);
    }

    static OnnxSignature Signature(ModelFamily model) =>
        model.Onnx(OnnxNetworks.OutputWidth(model.EncoderNetwork), OnnxNetworks.InputWidth(model.DecoderNetwork));

    static ModelProto Model(OnnxGraph graph, string role, long[] imageShape, ModelFamily model)
    {
        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "aae",
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "unknown",
            DocString = $"Aae {role}, ONNX opset {Opset}; the batch dimension is dynamic",
            Graph = graph.Build(),
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        proto.MetadataProps.Add(new StringStringEntryProto { Key = "aae.role", Value = role });
        proto.MetadataProps.Add(new StringStringEntryProto { Key = "aae.image_shape", Value = Shape(imageShape) });
        foreach (var (key, value) in Signature(model).Metadata)
            proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return proto;
    }

    static string Shape(long[] shape) => string.Join(", ", shape);
}
