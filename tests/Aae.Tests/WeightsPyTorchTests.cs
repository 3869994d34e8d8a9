using System.Text.Json.Nodes;
using Xunit.Abstractions;
using Aae.Config;
using Aae.Data;
using Aae.Export;
using Aae.Families;
using Aae.Families.Aae;
using Aae.Runs;
using static Aae.Tests.TestCli;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>
/// Exported weights in PyTorch itself: bench/reference_aae.py's networks load them (strictly) and
/// reproduce Aae's codes, reconstructions and discriminator outputs of 100 test images within 1e-5;
/// and weights saved by PyTorch import into a run that reproduces PyTorch's reconstructions.
/// </summary>
public sealed class WeightsPyTorchTests(ITestOutputHelper log)
{
    const double Tolerance = 1e-5;

    [Fact]
    public void PyTorchReproducesAnExportedMlpAae()
    {
        var run = Path.Combine(TestData.NewFolder("aae-export-mlp"), "run");
        // With labels, so the discriminator also takes the 11-class one-hot (reference: mnist_models(13)).
        var trained = RunAae(QuickRun("mnist-umbrella-labels", run, "--epochs", "1"));
        Assert.True(trained.Code == 0, trained.Error);
        var exported = RunAae("export", run);
        Assert.True(exported.Code == 0, exported.Error);
        var safetensors = Path.Combine(run, "export", "weights.safetensors");
        Assert.Contains($"wrote {safetensors}\n", exported.Output);
        Assert.Contains($"wrote {safetensors}.json\n", exported.Output);
        var pt = Path.Combine(run, "export", "copy.pt");
        Assert.Equal(0, RunAae("export", run, "--format", "pt", "--out", pt).Code);

        var sidecar = JsonNode.Parse(File.ReadAllText(safetensors + ".json"))!;
        Assert.Equal("mnist-umbrella-labels", sidecar["preset"]!.GetValue<string>());
        Assert.Equal("[256,784]", sidecar["tensors"]!["encoder.0.weight"]!.ToJsonString());
        Assert.Equal("[128,13]", sidecar["tensors"]!["discriminator.0.weight"]!.ToJsonString());
        Assert.Equal(1, sidecar["config"]!["training"]!["epochs"]!.GetValue<int>());

        using var model = TrainedModel.Load(run);
        var mnist = MnistLike.Load(TestData.MnistSlice, "mnist");
        mnist.Train.Dispose();
        using var test = mnist.Test;
        using var images = test.FloatImages(arange(100));
        var family = (AaeFamily)model.Family;
        using var codes = family.Encode(images);
        using var reconstructions = family.Decode(codes);
        using var unlabelled = nn.functional.one_hot(full([100], 10, ScalarType.Int64), 11).to_type(ScalarType.Float32);
        using var discriminatorInputs = cat([codes, unlabelled], 1);
        using var logits = family.AaeNetworks.Discriminator.forward(discriminatorInputs);
        var inputs = Path.Combine(run, "export", "inputs.safetensors");
        SafetensorsFile.Write(inputs, [("images", images), ("codes", codes), ("reconstructions", reconstructions),
            ("disc_inputs", discriminatorInputs), ("disc_logits", logits)]);

        foreach (var weights in new[] { safetensors, pt })
        {
            var check = PyTorchScript.Run("check", "--weights", weights, "--inputs", inputs, "--architecture", "mlp");
            AssertReproduced(check, tensors: 3 * 6);  // three linear layers of two tensors in each network
        }
    }

    [Fact]
    public void PyTorchReproducesExportedConvFaceNetworksWithBatchNormInEvalMode()
    {
        var preset = Presets.Find("lfw-faces").Config;
        var config = (preset with { Networks = preset.Networks with { Features = 8 } }).With(epochs: 1, batchSize: 8);
        using var split = Datasets.Load(config.Data with { Dataset = "folder:" + TestData.LfwSlice(100) }, 0, TestData.SharedDatasets);
        // One epoch moves the batch norms' running statistics away from 0 and 1, so eval mode is tested.
        var (_, family) = TestTraining.Train(config, split.Train, [3, 64, 64], generatorSeed: 2, classCount: split.Train.ClassNames.Count);
        using (family)
        {
            family.Networks.eval();
            var folder = TestData.NewFolder("aae-export-faces");
            var info = new RunInfo(config, [], RunInfo.CurrentVersions(), DateTime.UtcNow) { ImageShape = [3, 64, 64], ClassCount = 0 };
            var (weights, _) = WeightsExport.Write(family, info, Path.Combine(folder, "faces.safetensors"), WeightsFormat.Safetensors);

            using var images = cat([split.Train.FloatImages(arange(split.Train.Count)), split.Test.FloatImages(arange(split.Test.Count))]);
            Assert.Equal(100, images.shape[0]);
            using var codes = family.Encode(images);
            using var reconstructions = family.Decode(codes);
            using var logits = ((AaeFamily)family).AaeNetworks.Discriminator.forward(codes);
            var inputs = Path.Combine(folder, "inputs.safetensors");
            SafetensorsFile.Write(inputs, [("images", images), ("codes", codes), ("reconstructions", reconstructions),
                ("disc_inputs", codes), ("disc_logits", logits)]);

            var check = PyTorchScript.Run("check", "--weights", weights, "--inputs", inputs, "--architecture", "conv64");
            // Encoder: 3 conv kernels, 3 batch norms of 5 tensors (scale, shift, running mean and variance, counter), a linear
            // layer; decoder: a linear layer, 3 kernels and the last one's bias, 2 batch norms; discriminator: 3 linear layers.
            AssertReproduced(check, tensors: (3 + 3 * 5 + 2) + (2 + 3 + 1 + 2 * 5) + 3 * 2);
        }
    }

    [Fact]
    public void WeightsSavedByPyTorchImportIntoARunThatReproducesIt()
    {
        var folder = TestData.NewFolder("aae-import-torch");
        var mnist = MnistLike.Load(TestData.MnistSlice, "mnist");
        mnist.Train.Dispose();
        using var test = mnist.Test;
        using var images = test.FloatImages(arange(100));
        var inputs = Path.Combine(folder, "inputs.safetensors");
        SafetensorsFile.Write(inputs, [("images", images)]);
        var weights = Path.Combine(folder, "aae.pth");
        var expectedPath = Path.Combine(folder, "expected.pt");
        PyTorchScript.Run("make", "--inputs", inputs, "--weights", weights, "--expected", expectedPath, "--seed", "3");

        var run = Path.Combine(folder, "imported");
        var imported = RunAae("import", weights, "--preset", "mnist-gaussian", "--data-dir", TestData.MnistSlice, "--no-download", "--out", run);
        Assert.True(imported.Code == 0, imported.Error);
        Assert.Contains($"run folder: {run}\n", imported.Output);

        using var model = TrainedModel.Load(run);
        using var codes = model.Family.Encode(images);
        using var reconstructions = model.Family.Decode(codes);
        var expected = WeightsFormat.Read(expectedPath, 1L << 30).ToDictionary(t => t.Name, t => t.Value);
        log.WriteLine($"codes {MaxDifference(codes, expected["codes"])}, reconstructions {MaxDifference(reconstructions, expected["reconstructions"])}");
        Assert.True(MaxDifference(codes, expected["codes"]) < Tolerance, $"codes differ by {MaxDifference(codes, expected["codes"])}");
        Assert.True(MaxDifference(reconstructions, expected["reconstructions"]) < Tolerance,
            $"reconstructions differ by {MaxDifference(reconstructions, expected["reconstructions"])}");

        var evaluated = RunAae("evaluate", run, "--data-dir", TestData.MnistSlice);
        Assert.True(evaluated.Code == 0, evaluated.Error);
        Assert.NotNull(Aae.Evaluation.Metrics.Read(Path.Combine(run, "metrics.json"))["test_mse"]);
    }

    static double MaxDifference(Tensor a, Tensor b)
    {
        using var difference = (a - b.reshape(a.shape)).abs().max();
        return difference.item<float>();
    }

    void AssertReproduced(JsonObject check, int tensors)
    {
        log.WriteLine(check.ToJsonString());
        Assert.Equal(100, check["images"]!.GetValue<int>());
        Assert.Equal(tensors, check["tensors"]!.GetValue<int>());
        foreach (var key in new[] { "code_max_abs_diff", "reconstruction_max_abs_diff", "discriminator_max_abs_diff" })
            Assert.True(check[key]!.GetValue<double>() < Tolerance, $"{key} = {check[key]} (PyTorch {check["torch"]})");
    }
}
