using Aae.Config;
using Aae.Data;
using Aae.Export;
using Aae.Families;
using Aae.Runs;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static Aae.Tests.TestCli;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aae.Tests;

/// <summary>
/// encoder.onnx and decoder.onnx, run in ONNX Runtime, give what TorchSharp's networks give in
/// evaluation mode (within 1e-5) on real images and on random codes, for trained MLP networks of
/// every family and for conv64 networks with non-trivial batch-norm statistics; onnx.checker accepts the files.
/// </summary>
public sealed class OnnxExportTests(ITestOutputHelper log)
{
    const double Tolerance = 1e-5;

    [Fact]
    public void AnMlpRunsEncoderAndDecoderMatchTorchSharp()
    {
        var run = Path.Combine(TestData.NewFolder("aae-onnx"), "run");
        var (code, _, error) = RunAae(QuickRun("mnist-gaussian", run, "--epochs", "1"));
        Assert.True(code == 0, error);
        using var model = TrainedModel.Load(run);

        var files = OnnxExport.Save(model, Path.Combine(run, "onnx"));
        Assert.Equal([OnnxExport.EncoderFileName, OnnxExport.DecoderFileName], files.Select(Path.GetFileName));
        OnnxTestTools.Check(files);
        var (encoder, decoder) = Compare(model.Family, files, MnistTestImages(100), "codes", "codes");
        log.WriteLine($"mnist-gaussian (1 epoch): encoder max |diff| {encoder:E2}, decoder {decoder:E2}");

        // What the file declares: opset 17, IR 8, float32 [batch, 1, 28, 28] images in, 2-d codes out.
        var proto = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(files[0]));
        Assert.Equal(OnnxExport.Opset, Assert.Single(proto.OpsetImport).Version);
        Assert.Equal(8L, proto.IrVersion);
        var input = Assert.Single(proto.Graph.Input);
        Assert.Equal(["batch", "1", "28", "28"], input.Type.TensorType.Shape.Dim.Select(d => d.HasDimParam ? d.DimParam : d.DimValue.ToString()));
        Assert.Equal([2L], Assert.Single(proto.Graph.Output).Type.TensorType.Shape.Dim.Skip(1).Select(d => d.DimValue));
    }

    [Theory]
    [InlineData("mnist-supervised", "codes", "codes_and_one_hot")]
    [InlineData("mnist-wae", "codes", "codes")]
    [InlineData("mnist-cluster-16", "logits_and_style", "categories_and_style")]
    public void EachFamilysTrainedMlpNetworksMatchTorchSharp(string preset, string encoderOutput, string decoderInput)
    {
        var config = Presets.Find(preset).Config.With(epochs: 1, batchSize: 100);
        var data = MnistLike.Load(TestData.MnistSlice, "mnist");
        using var all = data.Train;
        using var test = data.Test;
        using var train = data.Train.Take(1000);
        var (_, model) = TestTraining.Train(config, train, [1, 28, 28], generatorSeed: 5);
        using (model)
        {
            var files = OnnxExport.Save(model, [1, 28, 28], TestData.NewFolder("aae-onnx-" + preset));
            OnnxTestTools.Check(files);
            var (encoder, decoder) = Compare(model, files, MnistTestImages(100), encoderOutput, decoderInput);
            log.WriteLine($"{preset} (1 epoch): encoder max |diff| {encoder:E2}, decoder {decoder:E2}");
        }
    }

    [Fact]
    public void Conv64NetworksWithBatchNormStatisticsMatchTorchSharp()
    {
        var preset = Presets.Find("lfw-faces").Config;
        var config = (preset with { Networks = preset.Networks with { Features = 8 } }).With(epochs: 1, batchSize: 8);
        using var split = Datasets.Load(config.Data with { Dataset = "folder:" + TestData.LfwSlice(50) }, 0, TestData.SharedDatasets);
        var (_, model) = TestTraining.Train(config, split.Train, [3, 64, 64], generatorSeed: 3, classCount: split.Train.ClassNames.Count);
        using (model)
        {
            // A few steps leave batch norm near its start (mean 0, variance 1, scale 1, shift 0), where a
            // swapped mean and variance or a missing scale would go unseen: set them far from it.
            var generator = new Generator(11);
            using (no_grad())
            {
                foreach (var norm in model.Networks.modules().OfType<BatchNorm2d>())
                {
                    norm.running_mean!.copy_(randn(norm.num_features, generator: generator) * 0.5);
                    norm.running_var!.copy_(rand(norm.num_features, generator: generator) * 2 + 0.25);
                    norm.weight!.copy_(rand(norm.num_features, generator: generator) + 0.5);
                    norm.bias!.copy_(randn(norm.num_features, generator: generator) * 0.3);
                }
            }
            var files = OnnxExport.Save(model, [3, 64, 64], TestData.NewFolder("aae-onnx-faces"));
            OnnxTestTools.Check(files);
            using var images = split.Train.FloatImages(arange(split.Train.Count, dtype: ScalarType.Int64));
            var (encoder, decoder) = Compare(model, files, images, "codes", "codes");
            log.WriteLine($"lfw-faces conv64 F={config.Networks.Features} ({split.Train.Count} faces): encoder max |diff| {encoder:E2}, decoder {decoder:E2}");
        }
    }

    [Fact]
    public void ImagesOfAnotherShapeAreRefusedAndNothingIsWritten()
    {
        var config = new RunConfig();
        using var model = ModelFamilies.Build(config, [1, 28, 28], 10);
        var folder = Path.Combine(TestData.NewFolder("aae-onnx-shape"), "onnx");
        var error = Assert.Throws<AaeException>(() => OnnxExport.Save(model, [1, 32, 32], folder));
        Assert.Equal("ONNX export: the encoder takes 784 pixels, the images are 1x32x32", error.Message);
        Assert.False(Directory.Exists(folder));
    }

    /// <summary>
    /// Runs both files in ONNX Runtime and TorchSharp (evaluation mode, no gradients): the encoder on
    /// <paramref name="images"/>, the decoder on random codes (with class one-hots for a supervised
    /// decoder, category probabilities for a categorical one); asserts and returns the largest differences.
    /// </summary>
    static (double Encoder, double Decoder) Compare(ModelFamily model, IReadOnlyList<string> files, Tensor images, string encoderOutput, string decoderInput)
    {
        using var scope = NewDisposeScope();
        model.Networks.eval();
        using var noGrad = no_grad();
        int categories = model.CategoryCount();

        var raw = OnnxTestTools.Run(files[0], "images", encoderOutput, images);
        // The categorical encoder's file gives logits then style; Encode is [softmax(logits), style].
        var codes = categories == 0 ? raw : cat([softmax(raw.narrow(1, 0, categories), 1), raw.narrow(1, categories, raw.shape[1] - categories)], 1);
        var expectedCodes = model.Encode(images);
        double encoder = Math.Max(OnnxTestTools.MaxAbsDiff(model.EncoderNetwork.forward(images), raw), OnnxTestTools.MaxAbsDiff(expectedCodes, codes));

        // 37 codes, another batch size than the images': the batch dimension is free.
        var generator = new Generator(7);
        var draws = randn([37, expectedCodes.shape[1]], generator: generator);
        if (categories > 0) draws = cat([softmax(draws.narrow(1, 0, categories) * 3, 1), draws.narrow(1, categories, draws.shape[1] - categories)], 1);
        var classes = model.DecoderClasses() > 0 ? arange(37, dtype: ScalarType.Int64) % model.DecoderClasses() : null;
        var input = classes is null ? draws : cat([draws, one_hot(classes, model.DecoderClasses()).to_type(ScalarType.Float32)], 1);
        var decoded = OnnxTestTools.Run(files[1], decoderInput, "images", input);
        double decoder = OnnxTestTools.MaxAbsDiff(model.Decode(draws, classes), decoded);

        Assert.True(encoder < Tolerance, $"encoder: ONNX Runtime and TorchSharp differ by up to {encoder}");
        Assert.True(decoder < Tolerance, $"decoder: ONNX Runtime and TorchSharp differ by up to {decoder}");
        // Not vacuous: the outputs vary (codes spread, pixels not all equal).
        Assert.True(expectedCodes.std().item<float>() > 1e-3 && decoded.std().item<float>() > 1e-3);
        return (encoder, decoder);
    }

    static Tensor MnistTestImages(int count)
    {
        var data = MnistLike.Load(TestData.MnistSlice, "mnist");
        using var train = data.Train;
        using var test = data.Test;
        return test.FloatImages(arange(count, dtype: ScalarType.Int64));
    }
}
