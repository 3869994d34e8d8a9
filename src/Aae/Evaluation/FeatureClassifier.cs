using System.Security.Cryptography;
using Aae.Data;
using Aae.Networks;
using Aae.Runs;
using Aae.Training;
using static TorchSharp.torch;

namespace Aae.Evaluation;

/// <summary>What a cached feature classifier was: the checksum its weights must have, and its test accuracy.</summary>
public sealed record FeatureClassifierInfo(string WeightsSha256, double TestAccuracy, int TrainImages, int Epochs);

/// <summary>
/// The feature space of sample quality for 28x28 grey images: a <see cref="DigitCnn"/> trained once
/// on a dataset's training set (seeded), then kept in the cache folder with the sha256 of its weights,
/// so that every run of that dataset is measured in the same features. A cached file whose checksum
/// does not match (damaged, or written by someone else) is not loaded: the classifier is trained again.
/// Not the Inception network of the papers' FID: its distances compare only with each other.
/// </summary>
public sealed class FeatureClassifier : IDisposable
{
    public const int Epochs = 3;
    const int BatchSize = 128;
    const long Seed = 20_151_118;  // fixed: the classifier is the same whatever run asks for it

    readonly DigitCnn network;

    FeatureClassifier(DigitCnn network, FeatureClassifierInfo info)
    {
        this.network = network;
        Info = info;
        network.eval();
    }

    public FeatureClassifierInfo Info { get; }

    /// <summary>
    /// The classifier called <paramref name="name"/> (the dataset and its preprocessing) from
    /// <paramref name="cacheFolder"/>, else trained on <paramref name="train"/>, scored on
    /// <paramref name="test"/> and saved there. <paramref name="note"/> hears what happened.
    /// </summary>
    public static FeatureClassifier ForDataset(string cacheFolder, string name, ImageDataset train, ImageDataset test, Action<string>? note = null)
    {
        if (train.Channels != 1 || train.Height != 28 || train.Width != 28)
            throw new AaeException($"{name}: the feature classifier takes 28x28 grey images (got {train.Channels}x{train.Height}x{train.Width})");
        var weightsPath = Path.Combine(cacheFolder, "feature-classifiers", name + ".weights");
        var infoPath = Path.ChangeExtension(weightsPath, ".json");
        if (TryLoad(weightsPath, infoPath, train.ClassNames.Count, note) is { } cached) return cached;

        note?.Invoke($"{weightsPath}: training the feature classifier once ({Epochs} epochs of {train.Count:N0} images, about a minute an epoch)");
        var trained = Train(train, test);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(weightsPath)!);
            // Names of this call's own: two trainings at once (two processes, or two runs in one
            // process, as the tests do) each rename a whole file. A name per process let two
            // threads write into one file, and a mixed file whose checksum matched was cached.
            var unique = Guid.NewGuid().ToString("N");
            var temporary = $"{weightsPath}.{unique}.tmp";
            trained.network.save(temporary);
            var info = trained.Info with { WeightsSha256 = Sha256(temporary) };
            File.Move(temporary, weightsPath, overwrite: true);
            var temporaryInfo = $"{infoPath}.{unique}.tmp";
            File.WriteAllText(temporaryInfo, Json.Serialize(info));
            File.Move(temporaryInfo, infoPath, overwrite: true);
            note?.Invoke($"{weightsPath}: feature classifier trained ({info.TestAccuracy:P2} test accuracy), sha256 {info.WeightsSha256[..16]}…");
            return new FeatureClassifier(trained.network, info);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            note?.Invoke($"{weightsPath}: cannot cache the feature classifier ({e.Message}); it is trained again next time");
            return trained;
        }
    }

    static FeatureClassifier? TryLoad(string weightsPath, string infoPath, int classes, Action<string>? note)
    {
        if (!File.Exists(weightsPath) || !File.Exists(infoPath)) return null;
        try
        {
            var info = Json.Read<FeatureClassifierInfo>(infoPath);
            if (info.WeightsSha256 != Sha256(weightsPath))
            {
                note?.Invoke($"{weightsPath}: checksum differs from {Path.GetFileName(infoPath)}; training the feature classifier again");
                return null;
            }
            var network = new DigitCnn(classes);
            network.load(weightsPath);
            return new FeatureClassifier(network, info);
        }
        // ExternalException: libtorch could not read the weights.
        catch (Exception e) when (e is IOException or AaeException or ArgumentException or InvalidOperationException
            or System.Text.Json.JsonException or System.Runtime.InteropServices.ExternalException)
        {
            note?.Invoke($"{weightsPath}: unreadable ({e.Message}); training the feature classifier again");
            return null;
        }
    }

    /// <summary>Trains a fresh classifier (Adam, cosine-decayed, <see cref="Epochs"/> epochs) and scores it on <paramref name="test"/>.</summary>
    public static FeatureClassifier Train(ImageDataset train, ImageDataset test, int epochs = Epochs)
    {
        var network = new DigitCnn(train.ClassNames.Count);
        var generator = new Generator((ulong)Seed);
        // Seeded weights from a generator of its own: the same classifier whatever else the process does.
        Initialization.Apply(network, generator);
        using var optimizer = optim.Adam(network.parameters(), 1e-3);
        int totalSteps = Batches.Count(train.Count, BatchSize) * epochs, step = 0;
        network.train();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            foreach (var indices in Batches.Shuffled(train.Count, BatchSize, generator))
            {
                using var scope = NewDisposeScope();
                foreach (var group in optimizer.ParamGroups)
                    group.LearningRate = 1e-3 * 0.5 * (1 + Math.Cos(Math.PI * step++ / totalSteps));
                var loss = nn.functional.cross_entropy(network.forward(train.FloatImages(indices)), train.Labels.index_select(0, indices));
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                indices.Dispose();
            }
        }
        return new FeatureClassifier(network, new FeatureClassifierInfo("", Accuracy(network, test), train.Count, epochs));
    }

    /// <summary>The share of <paramref name="data"/>'s images whose class the classifier names.</summary>
    public double Accuracy(ImageDataset data) => Accuracy(network, data);

    static double Accuracy(DigitCnn network, ImageDataset data)
    {
        using var scope = NewDisposeScope();
        var predicted = InBatches(network, data.FloatImages(arange(data.Count, dtype: ScalarType.Int64)), network.forward).argmax(1);
        return predicted.eq(data.Labels).to_type(ScalarType.Float64).mean().item<double>();
    }

    /// <summary>The 128-d features of images [N, 1, 28, 28] in [0, 1].</summary>
    public Tensor Of(Tensor images) => InBatches(network, images, network.Features);

    static Tensor InBatches(DigitCnn network, Tensor images, Func<Tensor, Tensor> layer)
    {
        network.eval();
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += 1000)
            parts.Add(layer(images.narrow(0, start, Math.Min(1000, images.shape[0] - start)).to(ScalarType.Float32)));
        return cat(parts, 0);
    }

    static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public void Dispose() => network.Dispose();
}
