using System.Diagnostics;
using Aae.Data;
using Aae.Evaluation;
using Aae.Families;
using Aae.Runs;
using static TorchSharp.torch;

namespace Aae.Experiments;

/// <summary>
/// The study's transfer test: encode CIFAR-10 with a faces encoder (images resized to its 64x64
/// input) and train LightGBM on the codes. The codes are saved so classifiers can be re-run
/// without encoding.
/// </summary>
public static class TransferExperiment
{
    public sealed record Options(string EncoderRun, string DataDirectory, string OutputFolder, IReadOnlyList<string>? Classes,
        int Threads = 2, int? Limit = null, int Seed = 0, long? UntrainedSeed = null, int? Epoch = null, string? Part = null);

    public static ClassifierResult Run(Options options, Action<string>? log = null)
    {
        var clock = Stopwatch.StartNew();
        if (string.IsNullOrWhiteSpace(options.OutputFolder)) throw new AaeException("--out: the output folder's path is empty");
        // Results of an earlier transfer are not overwritten.
        if (Directory.Exists(options.OutputFolder) && Directory.EnumerateFileSystemEntries(options.OutputFolder).Any())
            throw new AaeException($"{Path.GetFullPath(options.OutputFolder)}: not empty (it holds earlier results?): choose another --out");
        using var model = LoadFacesEncoder(options.EncoderRun, options.UntrainedSeed, options.Epoch);
        var info = model.Info;
        var part = Part(model.Family, options.Part, options.EncoderRun);
        var cifar = Cifar10.Load(options.DataDirectory, options.Limit, options.Classes);
        try
        {
            Directory.CreateDirectory(options.OutputFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AaeException($"{options.OutputFolder}: cannot create the output folder ({e.Message})");
        }
        var names = cifar.Train.ClassNames;

        var encoder = options.UntrainedSeed is { } seed
            ? $"the untrained encoder of {Path.GetFullPath(options.EncoderRun)} (initial weights of seed {seed})"
            : options.Epoch is { } kept ? $"{Path.GetFullPath(options.EncoderRun)} after epoch {kept}" : Path.GetFullPath(options.EncoderRun);
        log?.Invoke($"encoding {cifar.Train.Count} training and {cifar.Test.Count} test images with {encoder}" + (options.Part is { } name ? $", keeping its {name} part" : ""));
        var train = EncodeResized(model.Family, cifar.Train, info.ImageShape![1]).narrow(1, part.Start, part.Length).contiguous();
        var test = EncodeResized(model.Family, cifar.Test, info.ImageShape![1]).narrow(1, part.Start, part.Length).contiguous();
        SaveCodes(cifar, train, test, Path.Combine(options.OutputFolder, "codes_train.aaecodes"), Path.Combine(options.OutputFolder, "codes_test.aaecodes"));
        cifar.Train.Dispose();
        cifar.Test.Dispose();

        log?.Invoke($"training LightGBM on {train.shape[0]} codes of {train.shape[1]} dimensions, {names.Count} classes");
        var result = Classify(options.OutputFolder, Path.Combine(options.OutputFolder, "codes_train.aaecodes"),
            Path.Combine(options.OutputFolder, "codes_test.aaecodes"), options.Threads, options.Seed);
        return result with { Seconds = clock.Elapsed.TotalSeconds };
    }

    /// <summary>LightGBM on saved codes; writes results.json, results.md and confusion figures into <paramref name="outputFolder"/>.</summary>
    /// <param name="settings">LightGBM's hyper-parameters; its defaults when null.</param>
    public static ClassifierResult Classify(string outputFolder, string trainCodesPath, string testCodesPath, int threads, int seed,
        LightGbmSettings? settings = null, string? title = null)
    {
        var clock = Stopwatch.StartNew();
        var train = CodesFile.Load(trainCodesPath);
        var test = CodesFile.Load(testCodesPath);
        var names = train.ClassNames;
        var classifier = LightGbmClassifier.Train(train.Codes, train.Labels, names.Count, seed, threads, settings);
        title ??= names.Count == 2 ? $"transfer + LightGBM ({string.Join(" vs ", names)})" : "transfer + LightGBM";
        Directory.CreateDirectory(outputFolder);
        var trainScores = ClassifierOutputs.Evaluate(outputFolder, "train", title, classifier.Predict(train.Codes).Probabilities, train.Labels, names);
        var testScores = ClassifierOutputs.Evaluate(outputFolder, "test", title, classifier.Predict(test.Codes).Probabilities, test.Labels, names);
        var result = new ClassifierResult(title, names, trainScores, testScores, clock.Elapsed.TotalSeconds);
        // results.md first: results.json, written last, marks the classifier done.
        AtomicFile.WriteAllText(Path.Combine(outputFolder, "results.md"),
            $"# {title}\n\nLightGBM: {settings ?? LightGbmSettings.Defaults}, seed {seed}\n\n" +
            ClassifierOutputs.Markdown("test", testScores) + ClassifierOutputs.Markdown("train", trainScores));
        AtomicFile.WriteAllText(Path.Combine(outputFolder, "results.json"), Json.Serialize(result));
        return result;
    }

    /// <summary>Saves features of CIFAR's training and test images with their labels; the test file last, so both present means done.</summary>
    internal static void SaveCodes(MnistLike.Split cifar, Tensor train, Tensor test, string trainPath, string testPath)
    {
        CodesFile.Save(trainPath, LatentCodes.FromTensors(train, cifar.Train.Labels, cifar.Train.ClassNames));
        CodesFile.Save(testPath, LatentCodes.FromTensors(test, cifar.Test.Labels, cifar.Test.ClassNames));
    }

    /// <summary>The columns of the code to classify: all of it, or one named part of an identity model's code.</summary>
    static CodePart Part(ModelFamily model, string? name, string runPath)
    {
        var whole = new CodePart("code", 0, (int)model.Prior.Dimensions);
        if (name is null) return whole;
        var parts = (model as IHasCodeParts)?.CodeParts ?? [];
        return parts.FirstOrDefault(p => p.Name == name) ?? throw new AaeException(parts.Count == 0
            ? $"{Path.GetFullPath(runPath)}: its code has no named parts, so --part {name} has nothing to take (an identity-aae run has)"
            : $"--part: '{name}' is not a part of {Path.GetFullPath(runPath)}'s code ({string.Join(", ", parts.Select(p => p.Name))})");
    }

    /// <summary>A faces run's model; an encoder of any other input (an MNIST run, say) cannot read CIFAR images.</summary>
    internal static TrainedModel LoadFacesEncoder(string runPath, long? untrainedSeed, int? epoch)
    {
        var model = TrainedModel.Load(runPath, untrainedSeed, epoch);
        if (model.Info.ImageShape is not [3, var height, var width] || height != width)
        {
            model.Dispose();
            throw new AaeException(
                $"{Path.GetFullPath(runPath)}: its encoder takes {string.Join("x", model.Info.ImageShape ?? [])} images, but CIFAR-10 transfer needs an RGB encoder (an lfw-faces run)");
        }
        return model;
    }

    /// <summary>
    /// Codes of images resized to the encoder's input size, in evaluation mode. Bilinear, as the
    /// study's torchvision Resize(64) on CIFAR-10 (its faces were resized bicubic, as ours are).
    /// </summary>
    internal static Tensor EncodeResized(ModelFamily model, ImageDataset data, long size)
    {
        model.Networks.eval();
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        int batch = Encoding.BatchSize((int)(3 * size * size));
        for (int start = 0; start < data.Count; start += batch)
        {
            using var scope = NewDisposeScope();
            parts.Add(model.Encode(Resized(data, start, Math.Min(data.Count, start + batch), size)).MoveToOuterDisposeScope());
        }
        var codes = cat(parts, 0);
        foreach (var part in parts) part.Dispose();
        return codes;
    }

    /// <summary>Images start..end-1 as floats, resized to size x size: what the faces encoder (and the PCA control) reads.</summary>
    internal static Tensor Resized(ImageDataset data, long start, long end, long size) =>
        nn.functional.interpolate(data.FloatImages(arange(start, end, dtype: ScalarType.Int64)), [size, size],
            mode: InterpolationMode.Bilinear, align_corners: false);
}
