using Aae.Data;
using Aae.Evaluation;
using Aae.Experiments;
using static TorchSharp.torch;

namespace Aae.Studies;

/// <summary>Where a set of CIFAR-10 features (training and test) is saved.</summary>
public sealed record CodeSet(string Name, string Train, string Test);

/// <summary>
/// The feature sets the transfer study classifies, each computed once into codes/&lt;name&gt;/ and
/// reused when the study runs again: encoder codes (trained, kept epochs, untrained, plain
/// autoencoder), a PCA of the resized pixels, and class subsets of any of them.
/// </summary>
public sealed class TransferCodes(string folder, MnistLike.Split cifar, Action<string> log) : IDisposable
{
    const int EncoderInput = 64;
    Tensor? pixelsTrain, pixelsTest;

    CodeSet Set(string name) =>
        new(name, Path.Combine(folder, "codes", name, "codes_train.aaecodes"), Path.Combine(folder, "codes", name, "codes_test.aaecodes"));

    static bool Done(CodeSet set) => File.Exists(set.Train) && File.Exists(set.Test);

    /// <summary>The codes of a faces run's encoder: final weights, those kept after an epoch, or untrained ones of a seed.</summary>
    public CodeSet Encoder(string name, string run, long? untrainedSeed = null, int? epoch = null)
    {
        var set = Set(name);
        if (Done(set)) return set;
        log($"{name}: encoding {cifar.Train.Count} + {cifar.Test.Count} images with {Path.GetFullPath(run)}" +
            (untrainedSeed is { } s ? $" (untrained, seed {s})" : epoch is { } e ? $" (after epoch {e})" : ""));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var model = TransferExperiment.LoadFacesEncoder(run, untrainedSeed, epoch);
        using var scope = NewDisposeScope();
        Save(set, TransferExperiment.EncodeResized(model.Family, cifar.Train, EncoderInput),
            TransferExperiment.EncodeResized(model.Family, cifar.Test, EncoderInput));
        double seconds = clock.Elapsed.TotalSeconds;
        log($"{name}: encoded in {seconds:F0} s ({(cifar.Train.Count + cifar.Test.Count) / seconds:F0} images/s)");
        return set;
    }

    /// <summary>No encoder: the leading principal components of the pixels, resized as the encoder reads them, fitted on the training images.</summary>
    public CodeSet Pca(string name, int components, long seed)
    {
        var set = Set(name);
        if (Done(set)) return set;
        log($"{name}: {components} principal components of the {3 * EncoderInput * EncoderInput} resized pixels (seed {seed})");
        pixelsTrain ??= Pixels(cifar.Train);
        pixelsTest ??= Pixels(cifar.Test);
        using var scope = NewDisposeScope();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var pca = Evaluation.Pca.Fit(pixelsTrain, components, seed);
        Save(set, pca.Transform(pixelsTrain), pca.Transform(pixelsTest));
        log($"{name}: fitted and projected in {clock.Elapsed.TotalSeconds:F0} s");
        return set;
    }

    /// <summary>Columns <paramref name="part"/> of every code of <paramref name="from"/>.</summary>
    public CodeSet Part(string name, CodeSet from, Families.CodePart part) =>
        Derived(name, from, (codes, _) => codes.Columns(part.Start, part.Length));

    /// <summary>The rows of <paramref name="from"/> whose class is one of <paramref name="classes"/>, relabelled 0..k-1 in that order.</summary>
    public CodeSet Subset(string name, CodeSet from, IReadOnlyList<string> classes) =>
        Derived(name, from, (codes, path) => Select(codes, classes, path));

    /// <summary>A set made from another's saved codes (training and test alike) by <paramref name="derive"/>, which also gets the file's path for its errors.</summary>
    CodeSet Derived(string name, CodeSet from, Func<LatentCodes, string, LatentCodes> derive)
    {
        var set = Set(name);
        if (Done(set)) return set;
        Directory.CreateDirectory(Path.GetDirectoryName(set.Train)!);
        CodesFile.Save(set.Train, derive(CodesFile.Load(from.Train), from.Train));
        CodesFile.Save(set.Test, derive(CodesFile.Load(from.Test), from.Test));
        return set;
    }

    static LatentCodes Select(LatentCodes codes, IReadOnlyList<string> classes, string path)
    {
        var wanted = classes.Select(c => codes.ClassNames.ToList().IndexOf(c) is var k and >= 0 ? k
            : throw new AaeException($"{path}: no class '{c}' (classes: {string.Join(", ", codes.ClassNames)})")).ToArray();
        var picked = codes.Rows(Enumerable.Range(0, codes.Count).Where(i => wanted.Contains(codes.Labels[i])).ToArray());
        return picked with { Labels = picked.Labels.Select(label => Array.IndexOf(wanted, label)).ToArray(), ClassNames = classes.ToArray() };
    }

    void Save(CodeSet set, Tensor train, Tensor test)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(set.Train)!);
        TransferExperiment.SaveCodes(cifar, train, test, set.Train, set.Test);
    }

    static Tensor Pixels(ImageDataset data)
    {
        var all = empty([data.Count, 3 * EncoderInput * EncoderInput]);
        using var noGrad = no_grad();
        for (int start = 0; start < data.Count; start += 1000)
        {
            using var scope = NewDisposeScope();
            int end = Math.Min(data.Count, start + 1000);
            all[TensorIndex.Slice(start, end)] = TransferExperiment.Resized(data, start, end, EncoderInput).flatten(1);
        }
        return all;
    }

    public void Dispose()
    {
        pixelsTrain?.Dispose();
        pixelsTest?.Dispose();
    }
}
