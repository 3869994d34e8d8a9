using System.Text.Json.Nodes;
using Aae.Cli;
using Aae.Config;
using Aae.Data;
using Aae.Evaluation;
using Aae.Experiments;
using Aae.Families;
using Aae.Families.CategoricalAae;
using Aae.Runs;
using SkiaSharp;
using static Aae.Tests.TestCli;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>The categorical AAE (semi-supervised classification, clustering): its phases, its run folder, its command.</summary>
public sealed class CategoricalAaeTests
{
    static RunConfig Small(int labelled) => Presets.Find(labelled > 0 ? "mnist-semi-100" : "mnist-cluster-16").Config with
    {
        Networks = new() { EncoderHidden = [32], DecoderHidden = [32], DiscriminatorHidden = [16] },
        Family = new CategoricalAaeOptions
        {
            Categories = 10, LabelledCount = labelled, Shift = 2, Consistency = 1, Vat = 1,
            Balance = labelled == 0 ? 1 : 0,
        },
    };

    static Dictionary<string, float[]> Weights(nn.Module module) =>
        module.named_parameters().ToDictionary(p => p.name, p => p.parameter.data<float>().ToArray());

    /// <summary>The networks (by checkpoint prefix) whose weights differ between two snapshots.</summary>
    static string[] Changed(Dictionary<string, float[]> before, Dictionary<string, float[]> after) =>
        before.Where(p => !p.Value.SequenceEqual(after[p.Key])).Select(p => p.Key.Split('.')[0]).Distinct().Order().ToArray();

    [Fact]
    public void EachPhaseChangesOnlyTheNetworksItShould()
    {
        using var family = (CategoricalAaeFamily)ModelFamilies.Build(Small(labelled: 20), [1, 28, 28], 10);
        using var labelled = new ImageDataset(randint(0, 256, [20, 1, 28, 28], dtype: ScalarType.Byte),
            arange(20, dtype: ScalarType.Int64) % 10, MnistLike.ClassNames("mnist"));
        family.UseLabelledImages(labelled);
        var images = rand(8, 1, 28, 28);
        var generator = new Generator(3);

        var before = Weights(family.Networks);
        family.ReconstructionPhase(images, images);
        var afterReconstruction = Weights(family.Networks);
        Assert.Equal(["decoder", "encoder"], Changed(before, afterReconstruction));

        family.RegularisationPhase(images, otherView: rand(8, 1, 28, 28), generator);
        var afterRegularisation = Weights(family.Networks);
        Assert.Equal(["category_discriminator", "encoder", "style_discriminator"], Changed(afterReconstruction, afterRegularisation));

        family.SemiSupervisedPhase(8, generator);
        Assert.Equal(["encoder"], Changed(afterRegularisation, Weights(family.Networks)));
    }

    [Fact]
    public void WithoutItsAdversarialAndReconstructionPartsOnlyTheClassifierLearns()
    {
        var config = Small(labelled: 20);
        config = config with { Family = ((CategoricalAaeOptions)config.Family) with { AdversarialWeight = 0, Reconstruction = false } };
        using var family = (CategoricalAaeFamily)ModelFamilies.Build(config, [1, 28, 28], 10);
        using var labelled = new ImageDataset(randint(0, 256, [20, 1, 28, 28], dtype: ScalarType.Byte),
            arange(20, dtype: ScalarType.Int64) % 10, MnistLike.ClassNames("mnist"));
        family.UseLabelledImages(labelled);

        var before = Weights(family.Networks);
        var losses = family.Step(rand(8, 1, 28, 28), zeros(8, dtype: ScalarType.Int64), new Generator(3));
        Assert.Equal(["encoder"], Changed(before, Weights(family.Networks)));
        Assert.Equal(["consistency_loss", "vat_loss", "supervised_loss"], losses.Names);
    }

    [Fact]
    public void WithTheCategoryDetachedReconstructionLeavesTheCategoryHeadAlone()
    {
        // The encoder's last layer: K category rows, then the style rows.
        (float[] Category, float[] Style) Head(CategoricalAaeFamily family, int categories)
        {
            var last = family.CategoricalNetworks.Encoder.named_parameters().Last(p => p.name.EndsWith("weight")).parameter;
            return (last[..categories].data<float>().ToArray(), last[categories..].data<float>().ToArray());
        }
        foreach (var detach in new[] { true, false })
        {
            var config = Small(labelled: 0);
            using var family = (CategoricalAaeFamily)ModelFamilies.Build(config with { Family = ((CategoricalAaeOptions)config.Family) with { DetachCategory = detach } }, [1, 28, 28], 10);
            var before = Head(family, 10);
            family.ReconstructionPhase(rand(8, 1, 28, 28), rand(8, 1, 28, 28));
            var after = Head(family, 10);
            Assert.Equal(detach, before.Category.SequenceEqual(after.Category));
            Assert.False(before.Style.SequenceEqual(after.Style), "the style head learns to reconstruct either way");
        }
    }

    [Fact]
    public void TheBalanceTermIsTheDivergenceOfTheBatchMeanFromUniform()
    {
        float Balance(float[,] y) => BalanceTerm.Loss(tensor(y)).item<float>();
        // Mean [0.6, 0.4]: 0.6 ln 0.6 + 0.4 ln 0.4 + ln 2 = -0.306495 - 0.366516 + 0.693147.
        Assert.Equal(0.020136f, Balance(new float[,] { { 0.9f, 0.1f }, { 0.3f, 0.7f } }), 5);
        Assert.Equal(0f, Balance(new float[,] { { 1, 0 }, { 0, 1 } }), 6);
        Assert.Equal(MathF.Log(2), Balance(new float[,] { { 1, 0 }, { 1, 0 } }), 5);

        // With a floor of 2 of 4 categories: mean [0.5, 0.5, 0, 0] has entropy ln 2, so no loss;
        // mean [0.75, 0.25, 0, 0]: ln 2 - (0.75 ln(1/0.75) + 0.25 ln 4) = 0.693147 - 0.562335.
        float Floored(float[,] y) => BalanceTerm.Loss(tensor(y), floor: 2).item<float>();
        Assert.Equal(0f, Floored(new float[,] { { 1, 0, 0, 0 }, { 0, 1, 0, 0 } }), 6);
        Assert.Equal(0.130812f, Floored(new float[,] { { 1, 0, 0, 0 }, { 0.5f, 0.5f, 0, 0 } }), 5);
    }

    [Fact]
    public void ARandomShiftMovesEachImageWholeWithZerosComingIn()
    {
        // 64 copies of a 4x5 image of distinct values 1..20: each output must be the image moved by
        // some (dy, dx) within ±1, zeros where it moved away; all nine moves occur.
        var image = arange(1, 21, dtype: ScalarType.Float32).view(1, 1, 4, 5);
        var shifted = Aae.Training.RandomShift.Apply(image.expand(64, 1, 4, 5).contiguous(), 1, new Generator(2));
        var original = image.data<float>().ToArray();
        var moves = new HashSet<(int, int)>();
        for (int n = 0; n < 64; n++)
        {
            var values = shifted[n].data<float>().ToArray();
            var move = (from dy in Enumerable.Range(-1, 3) from dx in Enumerable.Range(-1, 3) select (dy, dx))
                .Single(m => Enumerable.Range(0, 20).All(i =>
                {
                    int y = i / 5 - m.dy, x = i % 5 - m.dx;
                    float expected = y is >= 0 and < 4 && x is >= 0 and < 5 ? original[y * 5 + x] : 0;
                    return values[i] == expected;
                }));
            moves.Add(move);
        }
        Assert.Equal(9, moves.Count);
        Assert.Same(image, Aae.Training.RandomShift.Apply(image, 0, new Generator(2)));
    }

    [Fact]
    public void TheStepNeverReadsTheLabelsOfItsBatch()
    {
        // The trainer passes no labels to a categorical family; its step runs on images alone.
        using var family = ModelFamilies.Build(Small(labelled: 0), [1, 28, 28], 10);
        Assert.False(family.UsesBatchLabels);
        var losses = family.Step(rand(8, 1, 28, 28), empty(0, ScalarType.Int64), new Generator(1));
        // reconstruction, discriminators, fooling, consistency, balance, vat: each value with its name
        Assert.Equal(["reconstruction_loss", "discriminator_loss", "generator_loss", "consistency_loss", "balance_loss", "vat_loss"], losses.Names);
        var values = losses.Read();
        Assert.Equal(6, values.Length);
        Assert.All(values, value => Assert.True(float.IsFinite(value)));
    }

    [Fact]
    public void ASemiSupervisedRunLearnsFromItsLabelledImagesAndItsValidationErrorFalls()
    {
        var root = TestData.NewFolder("aae-semi");
        var run = Path.Combine(root, "semi");
        var (code, output, error) = RunAae(QuickRun("mnist-semi-100", run, 6000, "--validation", "1000", "--epochs", "4",
            "--encoder-hidden", "256", "--decoder-hidden", "256", "--discriminator-hidden", "64"));
        Assert.True(code == 0, error);
        Assert.Contains("test_error", output);

        var history = RunFolder.Open(run).LoadHistory();
        var errors = history.Select(r => r.Loss("validation_error")!.Value).ToArray();
        Assert.True(errors[^1] < errors[0], $"validation error did not fall: {string.Join(", ", errors)}");
        Assert.True(errors[^1] < 0.5, $"validation error {errors[^1]} after 4 epochs is no better than a coin");

        // The labelled set: 10 of each digit among the training images (not the validation ones), recorded.
        var record = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "labelled.json")))!;
        var indices = record["indices"]!.AsArray().Select(i => (int)i!).ToArray();
        var labels = record["labels"]!.AsArray().Select(l => (int)l!).ToArray();
        Assert.Equal(100, indices.Distinct().Count());
        Assert.All(indices, i => Assert.InRange(i, 0, 4999));
        Assert.All(Enumerable.Range(0, 10), k => Assert.Equal(10, labels.Count(l => l == k)));

        var metrics = Metrics.Read(Path.Combine(run, "metrics.json"));
        Assert.InRange(metrics["test_error"]!.Value, 0, 0.5);
        Assert.Equal(5000, metrics["train_images"]);  // the last 1000 of the slice's 6000 are the validation set, not trained on
        Assert.Equal(errors[^1], metrics["validation_error"]!.Value, 6);
        Assert.NotNull(metrics["class_7_recall"]);
        foreach (var figure in new[] { "confusion.png", "mistakes.png", "errors.png", "categories.png", "styles.png" })
        {
            using var bitmap = SKBitmap.Decode(Path.Combine(run, "figures", figure));
            Assert.True(bitmap is { Width: > 100, Height: > 100 }, $"{figure} does not decode");
        }

        // classify: the digits of test images, most of them right.
        var images = TestData.WriteMnistTestPngs(Path.Combine(root, "digits"), 20);
        (code, output, error) = RunAae("classify", run, "--images", Path.Combine(root, "digits"));
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(20, lines.Length);
        int right = images.Count(image => lines.Single(l => l.StartsWith(image.Path + "\t", StringComparison.Ordinal)).Contains($"class {image.Label} "));
        Assert.True(right >= 10, $"classify got {right} of 20 test digits right");

        // Same seed, same labelled set; another seed, another.
        var again = Path.Combine(root, "again");
        Assert.Equal(0, RunAae(QuickRun("mnist-semi-100", again, 5000, "--validation", "1000", "--epochs", "1",
            "--encoder-hidden", "16", "--decoder-hidden", "16", "--discriminator-hidden", "16")).Code);
        Assert.Equal(File.ReadAllText(Path.Combine(run, "labelled.json")), File.ReadAllText(Path.Combine(again, "labelled.json")));
        var other = Path.Combine(root, "other");
        Assert.Equal(0, RunAae(QuickRun("mnist-semi-100", other, 5000, "--validation", "1000", "--epochs", "1", "--seed", "1",
            "--encoder-hidden", "16", "--decoder-hidden", "16", "--discriminator-hidden", "16")).Code);
        Assert.NotEqual(File.ReadAllText(Path.Combine(run, "labelled.json")), File.ReadAllText(Path.Combine(other, "labelled.json")));
    }

    [Fact]
    public void AClusteringRunMapsEachCategoryToItsMajorityLabel()
    {
        var root = TestData.NewFolder("aae-cluster");
        var run = Path.Combine(root, "cluster");
        var (code, output, error) = RunAae(QuickRun("mnist-cluster-16", run, 3000, "--validation", "1000", "--epochs", "2",
            "--encoder-hidden", "64", "--decoder-hidden", "64", "--discriminator-hidden", "32"));
        Assert.True(code == 0, error);
        Assert.Contains("cluster_accuracy", output);
        Assert.False(File.Exists(Path.Combine(run, "labelled.json")), "clustering uses no labels");
        Assert.DoesNotContain("supervised_loss", File.ReadAllText(Path.Combine(run, "history.csv")));

        var metrics = Metrics.Read(Path.Combine(run, "metrics.json"));
        var sizes = Enumerable.Range(0, 16).Select(k => metrics[$"category_{k}_size"]!.Value).ToArray();
        Assert.Equal(3000, sizes.Sum());
        Assert.Equal(1 - metrics["test_error"]!.Value, metrics["cluster_accuracy"]!.Value, 9);
        Assert.All(Enumerable.Range(0, 16).Where(k => sizes[k] > 0), k => Assert.InRange(metrics[$"category_{k}_purity"]!.Value, 0.1, 1));

        // classify names the label each category stands for.
        var digits = TestData.WriteMnistTestPngs(Path.Combine(root, "digits"), 20);
        (code, output, error) = RunAae("classify", run, "--images", Path.Combine(root, "digits"));
        Assert.True(code == 0, error);
        Assert.Equal(20, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("class ") && l.Contains("category ")));

        // The preset deskews its images (--deskew): image files too, so a file gets the category its test image got.
        using var model = TrainedModel.Load(run);
        Assert.True(model.Config.Data.Deskew);
        using var data = Datasets.Load(model.Config.Data, 0, TestData.MnistSlice);
        using var first = data.Test.Select(arange(20, dtype: ScalarType.Int64));
        Assert.Equal(Categorisation.Categories(model.Family, first),
            Classification.Classify(model, digits.Select(d => d.Path).ToList()).Select(c => c.Category));
        // Its ONNX encoder says so.
        var encoder = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(Export.OnnxExport.Save(model, Path.Combine(root, "onnx"))[0]));
        Assert.Contains(encoder.MetadataProps, p => p.Key == "aae.deskew" && p.Value == "true");
        Assert.Contains("deskewed", Assert.Single(encoder.Graph.Input).DocString);
    }

    [Fact]
    public void TheScheduleDividesEveryRateByTenFromEachDecayEpoch()
    {
        var training = new TrainingSettings { LearningRateDecayEpochs = [3, 5] };
        Assert.Equal([1, 1, 0.1, 0.1, 0.01], Enumerable.Range(1, 5).Select(e => Math.Round(training.LearningRateScale(e), 12)));
        using var family = ModelFamilies.Build(Small(labelled: 20), [1, 28, 28], 10);
        family.ScaleLearningRates(0.1);
        Assert.All(family.Optimizers, o => Assert.Equal(o.InitialLearningRate * 0.1, o.LearningRate, 12));
    }

    [Fact]
    public void AResumedSemiSupervisedRunRepeatsTheUninterruptedOne()
    {
        // Same labelled set (labelled.json), same batches, same decayed rates after the resume.
        var root = TestData.NewFolder("aae-semi-resume");
        string[] options = ["--validation", "1000", "--lr-decay-epochs", "2", "--encoder-hidden", "32", "--decoder-hidden", "32",
            "--discriminator-hidden", "16"];
        var straight = Path.Combine(root, "straight");
        Assert.Equal(0, RunAae(QuickRun("mnist-semi-100", straight, 3000, [.. options, "--epochs", "3"])).Code);
        var resumed = Path.Combine(root, "resumed");
        Assert.Equal(0, RunAae(QuickRun("mnist-semi-100", resumed, 3000, [.. options, "--epochs", "1"])).Code);
        var (code, _, error) = RunAae("resume", resumed, "--epochs", "3", "--data-dir", TestData.MnistSlice);
        Assert.True(code == 0, error);
        Assert.Equal(RunFolder.Open(straight).LoadHistory().Select(r => r.Losses), RunFolder.Open(resumed).LoadHistory().Select(r => r.Losses));
    }

    [Fact]
    public void BadCategoricalSettingsAreOneLineErrorsBeforeAnyFolderExists()
    {
        var root = TestData.NewFolder("aae-semi-bad");
        var run = Path.Combine(root, "bad");
        var result = RunAae(QuickRun("mnist-semi-100", run, "--validation", "1000", "--labelled-count", "105"));
        Assert.Equal(AaeCommandLine.UserError, result.Code);
        AssertOneLineError(result.Error, "--labelled-count");
        Assert.False(Directory.Exists(run));
        result = RunAae(QuickRun("mnist-semi-100", run, "--validation", "1000", "--categories", "12"));
        AssertOneLineError(result.Error, "one category per class");
        result = RunAae(QuickRun("mnist-semi-100", run, "--validation", "6000"));
        AssertOneLineError(result.Error, "--validation 6000");
        result = RunAae(QuickRun("mnist-semi-100", run, "--validation", "1000", "--vat-epsilon", "0"));
        AssertOneLineError(result.Error, "--vat-epsilon");
        result = RunAae(QuickRun("mnist-gaussian", run, "--balance", "1"));
        AssertOneLineError(result.Error, "--balance");
        result = RunAae(QuickRun("mnist-gaussian", run, "--detach-category"));
        AssertOneLineError(result.Error, "--detach-category", "categorical-aae", "not of aae");
        Assert.False(Directory.Exists(run));

        // classify on a run of another family.
        var plain = Path.Combine(root, "plain");
        Assert.Equal(0, RunAae(QuickRun("mnist-gaussian", plain, 500, "--epochs", "1")).Code);
        TestData.WriteMnistTestPngs(Path.Combine(root, "digits"), 1);
        result = RunAae("classify", plain, "--images", Path.Combine(root, "digits"));
        Assert.Equal(AaeCommandLine.UserError, result.Code);
        Assert.Contains("assigns no categories", result.Error);
    }
}
