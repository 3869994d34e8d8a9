using System.Security.Cryptography;
using Aae.Data;
using Aae.Evaluation;
using static TorchSharp.torch;

namespace Aae.Experiments;

/// <summary>Sample quality of a model of 28x28 grey images, in the features of a classifier trained once per dataset.</summary>
public sealed partial class Experiment
{
    void AddGenerativeMetrics(Metrics metrics, Tensor trainCodes, Tensor testCodes, Action<string>? note)
    {
        if (!GenerativeQuality.Applies(data.Test))
            throw new AaeException($"{Run.Path}: the generative measures take 28x28 grey images (MNIST, Fashion-MNIST); this run's are {data.Test.Channels}x{data.Test.Height}x{data.Test.Width}");
        void Tell(string message)
        {
            Run.AppendLog([message]);
            note?.Invoke(message);
        }
        using var features = FeatureClassifier.ForDataset(FeatureCacheFolder(), FeatureClassifierName(), data.Train, data.Test, Tell);
        Tell($"feature classifier {FeatureClassifierName()}: sha256 {features.Info.WeightsSha256}, test accuracy {features.Info.TestAccuracy:P2}");
        GenerativeQuality.AddTo(metrics, Family, train, trainCodes, validation, data.Test, testCodes, features, Config.Training.Seed);
    }

    /// <summary>The dataset, its preprocessing and its files' checksums: one classifier for every run that reads the same images.</summary>
    string FeatureClassifierName()
    {
        var files = string.Join(",", data.Files.Select(file => file.Sha256).Order());
        var checksum = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(files)))[..12];
        return $"{Config.Data.Dataset}{(Config.Data.Deskew ? "-deskewed" : "")}-{checksum}";
    }

    /// <summary>$AAE_CACHE when set, else .aae-cache in the data directory (beside the dataset's folder), as the image cache.</summary>
    string FeatureCacheFolder()
    {
        var first = data.Files.FirstOrDefault() ?? throw new AaeException($"{Run.Path}: the run lists no dataset files");
        return Datasets.CacheDirectory(Path.GetDirectoryName(first.Path)!);
    }
}
