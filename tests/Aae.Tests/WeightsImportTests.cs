using Aae.Config;
using Aae.Evaluation;
using Aae.Export;
using Aae.Families;
using Aae.Runs;
using static Aae.Tests.TestCli;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>
/// `aae import` of an `aae export`: the new run folder holds the same weights, so evaluate, sample,
/// report and resume give what the original run gives; weights that do not fit are refused in one
/// line naming the first tensor that differs, and nothing is written.
/// </summary>
// Alone: it compares an imported run's metrics with the original's to the last digit. Seen once in
// CI, run beside other classes, an import evaluated to 0.090677 against 0.091431: most likely a
// TorchSharp temporary Scalar freed by a collection another test thread started (the GC guard
// protects one thread's libtorch calls, not several), whose memory another Scalar then reused.
[Collection(RunsAlone.Name)]
public sealed class WeightsImportTests
{
    [Fact]
    public void AnExportedRunImportsBackWithTheSameMetricsSamplesAndWeights()
    {
        var folder = TestData.NewFolder("aae-roundtrip");
        var original = Path.Combine(folder, "original");
        var trained = RunAae(QuickRun("mnist-umbrella", original, "--epochs", "1"));
        Assert.True(trained.Code == 0, trained.Error);
        Assert.Equal(0, RunAae("export", original).Code);
        Assert.Equal(0, RunAae("export", original, "--format", "pt").Code);
        var safetensors = Path.Combine(original, "export", "weights.safetensors");
        // --format onnx: the encoder and decoder beside the weights; ONNX Runtime decodes as Aae does.
        var onnx = RunAae("export", original, "--format", "onnx");
        Assert.True(onnx.Code == 0, onnx.Error);
        Assert.Contains(Path.Combine(original, "export", "decoder.onnx"), onnx.Output);
        using (var model = TrainedModel.Load(original))
        {
            var codes = TorchSharp.torch.randn(5, 2);
            var expected = Aae.Evaluation.Encoding.Decode(model.Family, codes);
            var actual = OnnxTestTools.Run(Path.Combine(original, "export", "decoder.onnx"), "codes", "images", codes);
            Assert.True(OnnxTestTools.MaxAbsDiff(expected, actual) < 1e-5);
        }

        // Settings from the preset plus the options the original was run with, or from the export's sidecar.
        var fromPreset = Path.Combine(folder, "from-preset");
        var imported = RunAae("import", safetensors, "--preset", "mnist-umbrella", "--epochs", "1", "--limit", "2000",
            "--data-dir", TestData.MnistSlice, "--no-download", "--out", fromPreset);
        Assert.True(imported.Code == 0, imported.Error);
        var fromSidecar = Path.Combine(folder, "from-sidecar");
        imported = RunAae("import", Path.Combine(original, "export", "weights.pt"), "--config", safetensors + ".json",
            "--data-dir", TestData.MnistSlice, "--no-download", "--out", fromSidecar);
        Assert.True(imported.Code == 0, imported.Error);

        using (var before = TrainedModel.Load(original))
        using (var after = TrainedModel.Load(fromSidecar))
        {
            var weights = after.Family.Networks.state_dict();
            foreach (var (name, tensor) in before.Family.Networks.state_dict())
                Assert.True(tensor.allclose(weights[name], rtol: 0, atol: 0), $"{name} changed on the way");
        }

        // Counted as trained for its epochs: resume has nothing to train, and writes metrics and figures.
        var resumed = RunAae("resume", fromSidecar);
        Assert.True(resumed.Code == 0, resumed.Error);
        Assert.Contains("finishing", resumed.Output);
        Assert.True(File.Exists(Path.Combine(fromSidecar, "figures", "latent.png")));
        var evaluated = RunAae("evaluate", fromPreset);
        Assert.True(evaluated.Code == 0, evaluated.Error);

        var originalMetrics = Metrics.Read(Path.Combine(original, "metrics.json"));
        foreach (var run in new[] { fromPreset, fromSidecar })
        {
            var metrics = Metrics.Read(Path.Combine(run, "metrics.json"));
            foreach (var name in new[] { "test_mse", "knn_accuracy", "mode_accuracy", "epochs", "train_images", "test_images" })
            {
                Assert.NotNull(originalMetrics[name]);
                Assert.Equal(originalMetrics[name], metrics[name]);
            }
        }

        Assert.Equal(0, RunAae("sample", original, "--seed", "5", "--out", Path.Combine(folder, "original.png")).Code);
        Assert.Equal(0, RunAae("sample", fromPreset, "--seed", "5", "--out", Path.Combine(folder, "imported.png")).Code);
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "original.png")), File.ReadAllBytes(Path.Combine(folder, "imported.png")));

        var report = RunAae("report", fromPreset);
        Assert.True(report.Code == 0, report.Error);
        Assert.True(new FileInfo(Path.Combine(fromPreset, "report.html")).Length > 10_000);
    }

    [Theory]
    [InlineData("mnist-supervised")]
    [InlineData("mnist-wae")]
    [InlineData("mnist-cluster-16")]
    [InlineData("lfw-faces")]
    public void EveryFamilyAndArchitectureExportsAndImportsItsWeights(string preset)
    {
        var full = Presets.Find(preset).Config;
        bool faces = full.Networks.Architecture == "conv64";
        // The categorical presets hold out 10,000 validation images; the MNIST slice has 6000 in all.
        var config = full with { Data = full.Data with { ValidationCount = 0 } };
        if (faces)
            config = config with
            {
                Data = config.Data with { Dataset = "folder:" + TestData.LfwSlice(24), HeldOutFraction = 0.25 },
                Networks = config.Networks with { Features = 8 },
            };
        long[] shape = faces ? [3, 64, 64] : [1, 28, 28];
        int classes = faces ? 24 : 10;
        var folder = TestData.NewFolder("aae-families");
        using var family = ModelFamilies.Build(config, shape, classes);
        var info = new RunInfo(config, [], RunInfo.CurrentVersions(), DateTime.UtcNow) { ImageShape = shape, ClassCount = classes };
        // Batch norms' statistics and counters as training leaves them, not as every fresh network starts.
        using (no_grad())
            foreach (var (name, buffer) in family.Networks.state_dict().Where(t => t.Key.Contains(".norm")))
                if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal)) buffer.fill_(7);
                else if (name.Contains("running", StringComparison.Ordinal)) buffer.uniform_(0.5, 1.5);
        var (weights, _) = WeightsExport.Write(family, info, Path.Combine(folder, "w.safetensors"), WeightsFormat.Safetensors);

        // Imported into networks drawn from another seed: every tensor must come from the file.
        var run = WeightsImport.Import(weights, config with { Training = config.Training with { Seed = 9 } },
            Path.Combine(folder, "run"), TestData.MnistSlice);
        using var model = TrainedModel.Load(run.Path);
        var loaded = model.Family.Networks.state_dict();
        var names = family.Networks.state_dict();
        Assert.Equal(names.Keys, loaded.Keys);
        foreach (var (name, tensor) in names) Assert.True(tensor.allclose(loaded[name], rtol: 0, atol: 0), $"{preset}: {name} differs");
        if (!faces) return;

        // An imported faces run walks its latent space and encodes CIFAR-10 for LightGBM as a trained one does.
        var gif = Path.Combine(folder, "walk.gif");
        var walk = RunAae("interpolate", run.Path, "--frames", "2", "--out", gif);
        Assert.True(walk.Code == 0, walk.Error);
        using (var codec = SkiaSharp.SKCodec.Create(gif)) Assert.Equal(4, codec.FrameCount);  // 2 frames there, 2 back
        var transfer = RunAae("transfer", run.Path, "--classes", "automobile,ship", "--limit", "60",
            "--data-dir", TestData.SharedDatasets, "--out", Path.Combine(folder, "transfer"));
        Assert.True(transfer.Code == 0, transfer.Error);
        Assert.Contains("test accuracy", transfer.Output);
    }

    [Fact]
    public void TensorsAreNamedAsTheReferenceNetworksNameThem()
    {
        var mlp = Presets.Find("mnist-cluster-16").Config;
        using var categorical = ModelFamilies.Build(mlp, [1, 28, 28], 10);
        var names = TorchNames.Of(categorical.Networks).ToDictionary(n => n.Aae, n => n.Torch);
        Assert.Equal("encoder.4.weight", names["encoder.layers.linear2.weight"]);
        Assert.Equal("decoder.2.bias", names["decoder.layers.linear1.bias"]);
        Assert.Equal("style_discriminator.0.weight", names["style_discriminator.layers.linear0.weight"]);
        Assert.Equal("category_discriminator.4.bias", names["category_discriminator.layers.linear2.bias"]);

        var faces = Presets.Find("lfw-faces").Config;
        using var conv = ModelFamilies.Build(faces with { Networks = faces.Networks with { Features = 4 } }, [3, 64, 64], 0);
        names = TorchNames.Of(conv.Networks).ToDictionary(n => n.Aae, n => n.Torch);
        // faces_models: Conv, BN, LeakyReLU x3, Flatten, Linear / Linear, ReLU, Unflatten, (ConvT, BN, ReLU) x2, ConvT, Sigmoid.
        Assert.Equal("encoder.0.weight", names["encoder.features.conv0.weight"]);
        Assert.Equal("encoder.7.num_batches_tracked", names["encoder.features.norm2.num_batches_tracked"]);
        Assert.Equal("encoder.10.bias", names["encoder.toCode.bias"]);
        Assert.Equal("decoder.0.weight", names["decoder.fromCode.linear.weight"]);
        Assert.Equal("decoder.4.running_var", names["decoder.features.norm0.running_var"]);
        Assert.Equal("decoder.9.bias", names["decoder.features.deconv2.bias"]);
        Assert.Equal(names.Count, names.Values.Distinct().Count());
    }

    [Fact]
    public void WeightsThatDoNotFitAreRefusedInOneLineAndNothingIsWritten()
    {
        var folder = TestData.NewFolder("aae-import-errors");
        var config = Presets.Find("mnist-gaussian").Config;
        using var family = ModelFamilies.Build(config, [1, 28, 28], 10);
        var tensors = TorchStateDict.Of(family.Networks);
        string Written(string name, IReadOnlyList<(string, Tensor)> content)
        {
            var path = Path.Combine(folder, name);
            SafetensorsFile.Write(path, content);
            return path;
        }
        var whole = Written("whole.safetensors", tensors);
        var run = Path.Combine(folder, "run");
        (int Code, string Output, string Error) Import(string weights, params string[] more) =>
            RunAae(["import", weights, "--preset", "mnist-gaussian", "--data-dir", TestData.MnistSlice, "--no-download", "--out", run, .. more]);

        var (code, _, error) = Import(whole, "--decoder-hidden", "64,128");
        Assert.Equal(1, code);
        AssertOneLineError(error, $"{whole}: decoder.2.weight has shape [256, 64], the mnist-gaussian decoder expects [128, 64]");

        var missing = Written("missing.safetensors", [.. tensors.Where(t => t.Name != "discriminator.4.bias")]);
        AssertOneLineError(Import(missing).Error, $"{missing}: has no discriminator.4.bias (the mnist-gaussian discriminator expects one of shape [1])");

        using var stray = zeros(3);
        var extra = Written("extra.safetensors", [.. tensors, ("decoder.6.weight", stray)]);
        AssertOneLineError(Import(extra).Error, $"{extra}: decoder.6.weight is not a tensor of the mnist-gaussian model");

        var unprefixed = Written("unprefixed.safetensors", [.. tensors.Select(t => (t.Name[(t.Name.IndexOf('.') + 1)..], t.Value)).DistinctBy(t => t.Item1)]);
        AssertOneLineError(Import(unprefixed).Error, "none of its tensors is named encoder.*, decoder.*, discriminator.*");

        var text = Path.Combine(folder, "notes.safetensors");
        File.WriteAllText(text, "not weights at all");
        AssertOneLineError(Import(text).Error, $"{text}: not a readable safetensors file");
        var cut = Path.Combine(folder, "cut.pt");
        PtFile.Write(cut, tensors);
        File.WriteAllBytes(cut, File.ReadAllBytes(cut)[..300]);
        AssertOneLineError(Import(cut).Error, $"{cut}: not a readable PyTorch state_dict");
        Assert.False(Directory.Exists(run), "a refused import left a folder behind");

        // An existing folder is never written into, even an empty one or one holding a run.
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "keep.txt"), "mine");
        AssertOneLineError(Import(whole).Error, $"{run}: already exists");
        Assert.Equal(["keep.txt"], Directory.GetFiles(run).Select(Path.GetFileName));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(run, "keep.txt")));

        AssertOneLineError(RunAae("import", whole, "--preset", "cifar10-cnn", "--out", Path.Combine(folder, "cnn")).Error, "no networks to import into");
        AssertOneLineError(RunAae("export", run, "--format", "h5").Error, "unknown format 'h5' (known: safetensors, pt");
    }
}
