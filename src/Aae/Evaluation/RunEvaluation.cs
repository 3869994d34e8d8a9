using Aae.Data;
using Aae.Families;
using static TorchSharp.torch;

namespace Aae.Evaluation;

/// <summary>
/// The metrics of a trained run, chosen by what the model and data can do: reconstruction errors
/// always; the latent kNN when the data has class labels; mode accuracy when the prior has one
/// component per class; Fréchet distances for RGB images.
/// </summary>
public static class RunEvaluation
{
    /// <param name="epochs">Epochs the weights were trained for.</param>
    /// <param name="timedEpochs">Epochs whose seconds <paramref name="trainSeconds"/> sums (history.csv's rows).</param>
    /// <param name="trainCodes">Codes of <paramref name="train"/>, and <paramref name="testCodes"/> of the test images (encoded once by the caller).</param>
    /// <param name="seed">The run's seed: which images and prior draws the Fréchet distances take.</param>
    public static Metrics Compute(ModelFamily model, DatasetSplit data, ImageDataset train, Tensor trainCodes, Tensor testCodes,
        int epochs, int timedEpochs, double trainSeconds, long seed)
    {
        var test = data.Test;
        var metrics = new Metrics();
        if (data.IsHeldOut)
        {
            // Image folders: their "labels" name people, not classes; the held-out part is the test.
            metrics.Add("train_mse", Encoding.ReconstructionMse(model, train, trainCodes));
            metrics.Add("heldout_mse", Encoding.ReconstructionMse(model, test, testCodes));
            PersonMetrics.AddTo(metrics, model, train, trainCodes, test, testCodes, seed);
        }
        else
        {
            metrics.Add("test_mse", Encoding.ReconstructionMse(model, test, testCodes));
            // 5-NN in code space, training codes voting on test labels: for a supervised AAE, low
            // means the code holds style, not the class.
            metrics.Add("knn_accuracy", LatentKnn.Accuracy(trainCodes, train.Labels, testCodes, test.Labels));
            // A model that assigns categories judges them itself (fitted on training images, not on the test).
            if (model.Prior.ComponentCount > 1 && model is not IAssignsCategories)
                metrics.Add("mode_accuracy", model is ICodeDiscriminator { ClassesChooseComponents: true }
                    ? ModeAccuracy.Supervised(model.Prior, testCodes, test.Labels)
                    : ModeAccuracy.Unsupervised(model.Prior, testCodes, test.Labels));
        }
        // RGB images: how close samples and reconstructions come to real ones, in ResNet-18 features.
        if (SampleQuality.Applies(test)) SampleQuality.AddTo(metrics, model, train, test, testCodes, seed);
        metrics.Add("train_seconds", trainSeconds);
        metrics.Add("images_per_second", trainSeconds > 0 ? (double)train.Count * timedEpochs / trainSeconds : 0);
        metrics.Add("epochs", epochs);
        metrics.Add("train_images", train.Count);
        metrics.Add("test_images", test.Count);
        return metrics;
    }
}
