using Aae.Data;
using Aae.Families;
using Aae.Priors;
using static TorchSharp.torch;

namespace Aae.Evaluation;

/// <summary>
/// How well a model of 28x28 grey images generates (`aae evaluate --generative`): the Parzen-window
/// log-likelihood of the test set under prior samples (the AAE paper's Table 1), and in the features
/// of a classifier trained here (<see cref="FeatureClassifier"/>) the Fréchet distances of prior
/// samples, of samples of a Gaussian mixture fitted to the training codes and of test
/// reconstructions to the test set, with the floor (training images against test images), and the
/// precision and recall of prior samples.
/// </summary>
public static class GenerativeQuality
{
    /// <summary>The GAN paper's protocol: 10,000 samples, 10,000 test images.</summary>
    public const int DefaultCount = 10_000;

    public static bool Applies(ImageDataset data) => data.Channels == 1 && data.Height == 28 && data.Width == 28;

    /// <param name="validation">Held-out training images the Parzen width is chosen on; without them, training images (and parzen_sigma_held_out is 0).</param>
    public static void AddTo(Metrics metrics, ModelFamily model, ImageDataset train, Tensor trainCodes, ImageDataset? validation,
        ImageDataset test, Tensor testCodes, FeatureClassifier features, long seed, int count = DefaultCount)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)seed + 15_485_863);
        var samples = DecodeInChunks(model, model.Prior.SampleAnyComponent(count, generator));

        int testCount = Math.Min(count, test.Count);
        var testIndices = arange(testCount, dtype: ScalarType.Int64);
        var testImages = test.FloatImages(testIndices);
        var widthImages = validation is { Count: > 0 }
            ? validation.FloatImages(arange(Math.Min(count, validation.Count), dtype: ScalarType.Int64))
            : train.FloatImages(randperm(train.Count, generator: generator)[..Math.Min(count, train.Count)]);
        var parzen = ParzenWindow.Evaluate(samples, widthImages, testImages);
        metrics.Add("parzen_log_likelihood", parzen.LogLikelihood);
        metrics.Add("parzen_standard_error", parzen.StandardError);
        metrics.Add("parzen_sigma", parzen.Sigma);
        metrics.Add("parzen_sigma_held_out", validation is { Count: > 0 } ? 1 : 0);
        // The validation images' log-likelihood at that width: what settings are chosen on, never the test's.
        metrics.Add("parzen_log_likelihood_validation", parzen.ValidationLogLikelihood);
        // The same protocol with real training images for samples: what the measure gives the data itself.
        var trainSubset = randperm(train.Count, generator: generator)[..Math.Min(count, train.Count)];
        var trainImages = train.FloatImages(trainSubset);
        metrics.Add("parzen_log_likelihood_real", ParzenWindow.Evaluate(trainImages, widthImages, testImages).LogLikelihood);

        var realFeatures = features.Of(testImages);
        var real = FrechetDistance.Moments(realFeatures);
        double To(Tensor images) => FrechetDistance.Of(FrechetDistance.Moments(features.Of(images)), real);
        metrics.Add("fd_floor", To(trainImages));
        var sampleFeatures = features.Of(samples);
        metrics.Add("fd_samples", FrechetDistance.Of(FrechetDistance.Moments(sampleFeatures), real));
        using (var mixture = GaussianMixture.Fit(trainCodes, Math.Min(10, (int)trainCodes.shape[0]), seed))
            metrics.Add("fd_codes_gmm", To(DecodeInChunks(model, mixture.Sample(count, generator))));
        metrics.Add("fd_reconstructions", To(DecodeInChunks(model, testCodes[..testCount], test.Labels[..testCount])));
        var (precision, recall) = PrecisionRecall.Of(realFeatures, sampleFeatures);
        metrics.Add("precision", precision);
        metrics.Add("recall", recall);
        metrics.Add("feature_classifier_accuracy", features.Info.TestAccuracy);
    }

    /// <summary>Decodes codes a thousand at a time (prior draws get a supervised decoder's classes in turn; <paramref name="classes"/> when given).</summary>
    static Tensor DecodeInChunks(ModelFamily model, Tensor codes, Tensor? classes = null)
    {
        var parts = new List<Tensor>();
        for (long start = 0; start < codes.shape[0]; start += 1000)
        {
            long length = Math.Min(1000, codes.shape[0] - start);
            var chunk = codes.narrow(0, start, length);
            parts.Add(classes is null
                ? Encoding.DecodeDraws(model, chunk)
                : Encoding.Decode(model, chunk, classes.narrow(0, start, length)));
        }
        return cat(parts, 0);
    }
}
