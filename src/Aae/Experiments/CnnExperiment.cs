using System.Diagnostics;
using System.Globalization;
using Aae.Data;
using Aae.Networks;
using Aae.Runs;
using Aae.Training;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aae.Experiments;

/// <summary>
/// The specialist: a CNN trained on CIFAR-10's 32x32 pixels, scored like the transfer classifier
/// (accuracy, macro AUROC, per-class report, confusion matrices).
/// </summary>
public static class CnnExperiment
{
    public static ClassifierResult Run(CnnConfig config, string dataDirectory, string outputFolder, Action<string>? log = null,
        CancellationToken cancellation = default)
    {
        config.Validate();
        var cifar = Cifar10.Load(dataDirectory, config.Limit, config.Classes);
        var run = CreateFolder(outputFolder);
        AtomicFile.WriteAllText(Path.Combine(run, "config.json"), Json.Serialize(new
        {
            Config = config,
            DatasetFiles = cifar.Files,
            Versions = RunInfo.CurrentVersions(),
            CreatedUtc = DateTime.UtcNow,
        }));
        // The CNN keeps libtorch's default initialisation and dropout, which draw from the global generator.
        manual_seed(config.Seed);
        var names = cifar.Train.ClassNames;
        using var model = new CifarCnn(names.Count, config.Width);
        using var optimizer = optim.AdamW(model.parameters(), config.LearningRate, weight_decay: config.WeightDecay);
        int stepsPerEpoch = Batches.Count(cifar.Train.Count, config.BatchSize), totalSteps = stepsPerEpoch * config.Epochs, step = 0;
        var generator = new Generator((ulong)config.Seed);
        var history = new List<string> { "epoch,train_loss,train_accuracy,seconds" };
        var clock = Stopwatch.StartNew();

        for (int epoch = 1; epoch <= config.Epochs; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            model.train();
            double lossSum = 0;
            long correct = 0, seen = 0;
            foreach (var indices in Batches.Shuffled(cifar.Train.Count, config.BatchSize, generator))
            {
                cancellation.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                // Cosine decay of the learning rate to zero over the whole run.
                foreach (var group in optimizer.ParamGroups)
                    group.LearningRate = config.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * step / totalSteps));
                var images = cifar.Train.FloatImages(indices);
                if (config.Augment) images = Augmentation.CropAndFlip(images, generator);
                var labels = cifar.Train.Labels.index_select(0, indices);
                var logits = model.forward(images);
                var loss = cross_entropy(logits, labels);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>() * indices.shape[0];
                correct += logits.argmax(1).eq(labels).sum().item<long>();
                seen += indices.shape[0];
                indices.Dispose();
                step++;
            }
            history.Add(string.Create(CultureInfo.InvariantCulture,
                $"{epoch},{lossSum / seen:R},{(double)correct / seen:R},{epochClock.Elapsed.TotalSeconds:R}"));
            AtomicFile.WriteAllText(Path.Combine(run, "history.csv"), string.Join("\n", history) + "\n");
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch,3}/{config.Epochs}  loss {lossSum / seen:F4}  train accuracy {(double)correct / seen:P2}  {epochClock.Elapsed.TotalSeconds:F1}s"));
        }
        model.save(Path.Combine(run, "cnn.weights"));

        const string title = "CNN on pixels";
        var trainScores = ClassifierOutputs.Evaluate(run, "train", title, Probabilities(model, cifar.Train), cifar.Train.LabelArray(), names);
        var testScores = ClassifierOutputs.Evaluate(run, "test", title, Probabilities(model, cifar.Test), cifar.Test.LabelArray(), names);
        var result = new ClassifierResult(title, names, trainScores, testScores, clock.Elapsed.TotalSeconds);
        AtomicFile.WriteAllText(Path.Combine(run, "results.json"), Json.Serialize(result));
        AtomicFile.WriteAllText(Path.Combine(run, "results.md"),
            $"# {title}\n\n" + ClassifierOutputs.Markdown("test", testScores) + ClassifierOutputs.Markdown("train", trainScores));
        cifar.Train.Dispose();
        cifar.Test.Dispose();
        return result;
    }

    static string CreateFolder(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(Path.Combine(full, "results.json")))
            throw new AaeException($"{full}: already holds results (choose another --out)");
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AaeException($"{full}: cannot create the output folder ({e.Message})");
        }
        return full;
    }

    static float[,] Probabilities(CifarCnn model, ImageDataset data)
    {
        model.eval();
        using var noGrad = no_grad();
        var result = new float[data.Count, data.ClassNames.Count];
        const int batch = 500;
        for (int start = 0; start < data.Count; start += batch)
        {
            using var scope = NewDisposeScope();
            int end = Math.Min(data.Count, start + batch);
            var probabilities = softmax(model.forward(data.FloatImages(arange(start, end, dtype: ScalarType.Int64))), 1)
                .data<float>().ToArray();
            int classes = result.GetLength(1);
            for (int i = 0; i < end - start; i++)
            for (int k = 0; k < classes; k++)
                result[start + i, k] = probabilities[i * classes + k];
        }
        return result;
    }

}
