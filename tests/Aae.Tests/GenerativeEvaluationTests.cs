using Aae.Evaluation;
using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>
/// `aae evaluate --generative` and `--generative-metrics`: the Parzen log-likelihood, Fréchet
/// distances, precision and recall of a trained MNIST model, in the features of a classifier
/// trained once per dataset, cached with the checksum of its weights.
/// </summary>
public sealed class GenerativeEvaluationTests
{
    static readonly string[] Measures =
    [
        "parzen_log_likelihood", "parzen_standard_error", "parzen_sigma", "parzen_sigma_held_out", "parzen_log_likelihood_real", "parzen_log_likelihood_validation",
        "fd_floor", "fd_samples",
        "fd_codes_gmm", "fd_reconstructions", "precision", "recall", "feature_classifier_accuracy",
    ];

    [Fact]
    public void EvaluateGenerativeTrainsTheClassifierOnceAndRetrainsItWhenItsFileIsTampered()
    {
        // A slice of its own (3000 training images): its classifier's cache file is this test's alone.
        var data = TestData.WriteMnistSlice(TestData.NewFolder("aae-generative"), 3000, 1000);
        var run = Path.Combine(data, "run");
        var trained = RunAae("run", "mnist-gaussian", "--latent-size", "8", "--data-dir", data, "--out", run, "--epochs", "3", "--threads", "2");
        Assert.True(trained.Code == 0, trained.Error);
        Assert.DoesNotContain("parzen_log_likelihood", File.ReadAllText(Path.Combine(run, "metrics.json")));

        var first = RunAae("evaluate", run, "--generative");
        Assert.True(first.Code == 0, first.Error);
        var training = first.Output.Split('\n').Single(line => line.Contains(": training the feature classifier once"));
        var weights = training[..training.IndexOf(": training", StringComparison.Ordinal)];
        Assert.True(File.Exists(weights), weights);
        var measured = Metrics.Read(Path.Combine(run, "metrics.json"));
        foreach (var name in Measures) Assert.True(measured[name] is { } value && double.IsFinite(value), name);
        // The classifier reads digits (3 epochs of 3000 images give 88%; of all 60,000, 99%): chance is 10%.
        Assert.InRange(measured["feature_classifier_accuracy"]!.Value, 0.8, 1);
        Assert.Equal(0, measured["parzen_sigma_held_out"]);  // no --validation: σ chosen on training images
        Assert.Contains(measured["parzen_sigma"]!.Value, ParzenWindow.DefaultSigmas);
        // Real training digits sit closer to the test digits than a 3-epoch model's draws or reconstructions.
        Assert.True(measured["fd_floor"] < measured["fd_samples"], $"floor {measured["fd_floor"]}, samples {measured["fd_samples"]}");
        Assert.True(measured["fd_floor"] < measured["fd_reconstructions"], $"floor {measured["fd_floor"]}, reconstructions {measured["fd_reconstructions"]}");
        Assert.InRange(measured["precision"]!.Value, 0, 1);
        Assert.InRange(measured["recall"]!.Value, 0, 1);
        // The run's other measures stay beside the new ones.
        Assert.NotNull(measured["test_mse"]);

        // Cached: no training the second time, and the same numbers (seeded draws, the same features).
        var second = RunAae("evaluate", run, "--generative");
        Assert.True(second.Code == 0, second.Error);
        Assert.DoesNotContain("training the feature classifier", second.Output);
        AssertSameMeasures(measured, Metrics.Read(Path.Combine(run, "metrics.json")));

        // A weights file that does not match its recorded checksum is not loaded: trained again, same result.
        File.AppendAllText(weights, "x");
        var third = RunAae("evaluate", run, "--generative");
        Assert.True(third.Code == 0, third.Error);
        Assert.Contains("checksum differs", third.Output);
        AssertSameMeasures(measured, Metrics.Read(Path.Combine(run, "metrics.json")));
    }

    [Fact]
    public void ARunWithGenerativeMetricsChoosesTheParzenWidthOnItsValidationImages()
    {
        var run = Path.Combine(TestData.NewFolder("aae-generative-run"), "run");
        var trained = RunAae(QuickRun("mnist-parzen", run, "--validation", "500", "--epochs", "1", "--encoder-hidden", "64,64",
            "--decoder-hidden", "64,64", "--discriminator-hidden", "64,64"));
        Assert.True(trained.Code == 0, trained.Error);
        var measured = Metrics.Read(Path.Combine(run, "metrics.json"));
        foreach (var name in Measures) Assert.True(measured[name] is { } value && double.IsFinite(value), name);
        Assert.Equal(1, measured["parzen_sigma_held_out"]);
        // Validation and test digits come from one distribution: their log-likelihoods at the chosen width agree.
        Assert.InRange(measured["parzen_log_likelihood_validation"]!.Value - measured["parzen_log_likelihood"]!.Value, -30, 30);
        Assert.Contains("feature classifier mnist-", File.ReadAllText(Path.Combine(run, "run.log")));
    }

    [Fact]
    public void GenerativeMeasuresOfColourImagesAreRefusedBeforeTraining()
    {
        var faces = TestData.LfwSlice(24);
        var run = Path.Combine(Path.GetDirectoryName(faces)!, "run");
        var refused = RunAae("run", "lfw-faces", "--dataset", "folder:" + faces, "--out", run, "--features", "4", "--epochs", "1",
            "--held-out", "0.25", "--generative-metrics");
        Assert.Equal(1, refused.Code);
        AssertOneLineError(refused.Error, "--generative-metrics", "28x28 grey images");
        Assert.False(Directory.Exists(run));
    }

    static void AssertSameMeasures(Metrics expected, Metrics actual)
    {
        foreach (var name in Measures) Assert.Equal(expected[name]!.Value, actual[name]!.Value, 9);
    }
}
