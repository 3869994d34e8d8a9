using Aae.Data;
using Aae.Evaluation;
using Aae.Models;
using Aae.Priors;
using Aae.Runs;
using Aae.Training;
using Aae.Visualization;
using static TorchSharp.torch;

namespace Aae.Experiments;

/// <summary>
/// A run in progress or reloaded from its folder: the data, the model and the prior, with the
/// steps a user takes on them (train, evaluate, draw figures).
/// </summary>
public sealed class Experiment : IDisposable
{
    readonly DatasetSplit data;
    readonly ImageDataset train;

    Experiment(RunFolder run, RunInfo info, DatasetSplit data)
    {
        Run = run;
        Info = info;
        this.data = data;
        train = data.Train.Take(Config.Limit);
        torch.set_num_threads(Config.Threads);
        torch.manual_seed(Config.Seed);
        Prior = PriorFactory.Build(Config);
        Model = AdversarialAutoencoder.Build(Config, [data.Train.Channels, data.Train.Height, data.Train.Width]);
        Trainer = new AaeTrainer(Config, Model, Prior);
        History = run.LoadHistory().ToList();
    }

    public RunFolder Run { get; }
    public RunInfo Info { get; private set; }
    public ExperimentConfig Config => Info.Config;
    public IPrior Prior { get; }
    public AdversarialAutoencoder Model { get; }
    public AaeTrainer Trainer { get; }
    public List<EpochRecord> History { get; }
    public int EpochsDone { get; private set; }

    /// <summary>What loading the data had to say (skipped files, cache problems), also written to run.log.</summary>
    public IReadOnlyList<string> Notes => data.Notes;

    /// <summary>The images the run is judged on: MNIST's test set or an image folder's held-out part.</summary>
    public ImageDataset TestImages => data.Test;
    public ImageDataset TrainImages => train;
    public bool Finished => EpochsDone >= Config.Epochs;

    /// <summary>Checks the settings, loads the data, then creates the run folder (so a bad setup leaves no folder behind).</summary>
    public static Experiment Start(ExperimentConfig config, string runPath, string dataDirectory)
    {
        config.Validate();
        var data = Datasets.Load(config, dataDirectory);
        CheckLabels(config, data.Train);
        var info = new RunInfo(config, data.Files, RunInfo.CurrentVersions(), DateTime.UtcNow)
        {
            ImageShape = [data.Train.Channels, data.Train.Height, data.Train.Width],
        };
        var run = RunFolder.Create(runPath, info);
        run.AppendLog(data.Notes);
        return new Experiment(run, info, data);
    }

    /// <summary>Reloads a run from its folder and latest checkpoint. The data comes from <paramref name="dataDirectory"/>, else from where the run read it.</summary>
    public static Experiment Open(string runPath, string? dataDirectory)
    {
        var run = RunFolder.Open(runPath);
        var info = run.LoadInfo();
        info.Config.Validate();
        var directory = dataDirectory ?? RecordedDataDirectory(info);
        var experiment = new Experiment(run, info, Datasets.Load(info.Config, directory));
        var checkpoint = File.Exists(run.LatestCheckpointPath) ? run.LatestCheckpointPath : run.FinalCheckpointPath;
        if (!File.Exists(checkpoint))
            throw new AaeException($"{run.CheckpointsPath}: no checkpoint yet (the run stopped before its first epoch ended)");
        experiment.EpochsDone = Checkpoint.Load(checkpoint, experiment.Model, experiment.Trainer.Optimizers);
        experiment.History.RemoveAll(r => r.Epoch > experiment.EpochsDone);
        return experiment;
    }

    /// <summary>Changes how many epochs the run trains in all (resume with more epochs), saving config.json.</summary>
    public void SetTotalEpochs(int epochs)
    {
        var info = Info with { Config = Config with { Epochs = epochs } };
        info.Config.Validate();
        Run.SaveInfo(info);
        Info = info;
    }

    /// <summary>A run's trained networks from its folder alone (no data needed), in evaluation mode.</summary>
    public static (RunInfo Info, AdversarialAutoencoder Model) LoadModel(string runPath)
    {
        var run = RunFolder.Open(runPath);
        var info = run.LoadInfo();
        // Runs written before image_shape was recorded: the shape follows from the dataset.
        var shape = info.ImageShape
            ?? (info.Config.Architecture == "conv64" ? [3, 64, 64] : MnistLike.Names.Contains(info.Config.Dataset) ? [1, 28, 28]
            : throw new AaeException($"{run.ConfigPath}: no image_shape recorded"));
        var model = AdversarialAutoencoder.Build(info.Config, shape);
        var checkpoint = File.Exists(run.FinalCheckpointPath) ? run.FinalCheckpointPath : run.LatestCheckpointPath;
        Checkpoint.Load(checkpoint, model);
        model.eval();
        return (info with { ImageShape = shape }, model);
    }

    /// <summary>Trains the remaining epochs, checkpointing after each; returns false when cancelled.</summary>
    public bool Train(Action<StepProgress>? onStep = null, Action<EpochRecord>? onEpoch = null, CancellationToken cancellation = default)
    {
        var generator = new Generator((ulong)Config.Seed);
        while (!Finished)
        {
            int epoch = EpochsDone + 1;
            // A fresh seed per epoch makes a resumed run draw the same batches as an uninterrupted one.
            generator.manual_seed(Config.Seed * 1_000_003 + epoch);
            var record = Trainer.TrainEpoch(train, epoch, Config.Epochs, generator, onStep, cancellation);
            if (record is null) return false;
            History.Add(record);
            EpochsDone = epoch;
            Checkpoint.Save(Run.LatestCheckpointPath, EpochsDone, Model, Trainer.Optimizers);
            Run.SaveHistory(History);
            onEpoch?.Invoke(record);
        }
        Checkpoint.Save(Run.FinalCheckpointPath, EpochsDone, Model, Trainer.Optimizers);
        return true;
    }

    /// <summary>Computes the metrics and writes metrics.json: class-based ones for digits, reconstruction errors for image folders.</summary>
    public Metrics Evaluate()
    {
        using var scope = NewDisposeScope();
        var test = data.Test;
        var testCodes = Encoding.Encode(Model, test);
        var trainCodes = Encoding.Encode(Model, train);
        double trainSeconds = History.Sum(r => r.Seconds);
        var metrics = new Metrics
        {
            TrainSeconds = trainSeconds,
            ImagesPerSecond = trainSeconds > 0 ? (double)train.Count * History.Count / trainSeconds : 0,
            Epochs = EpochsDone,
            TrainImages = train.Count,
            TestImages = test.Count,
        };
        if (data.IsHeldOut)
        {
            metrics = metrics with
            {
                TrainMse = Encoding.ReconstructionMse(Model, train, trainCodes),
                HeldoutMse = Encoding.ReconstructionMse(Model, test, testCodes),
            };
        }
        else
        {
            metrics = metrics with
            {
                TestMse = Encoding.ReconstructionMse(Model, test, testCodes),
                KnnAccuracy = LatentKnn.Accuracy(trainCodes, train.Labels, testCodes, test.Labels),
                ModeAccuracy = Prior.ComponentCount > 1
                    ? Config.UseLabels ? ModeAccuracy.Supervised(Prior, testCodes, test.Labels) : ModeAccuracy.Unsupervised(Prior, testCodes, test.Labels)
                    : null,
            };
        }
        AtomicFile.WriteAllText(Run.MetricsPath, Json.Serialize(metrics));
        return metrics;
    }

    /// <summary>Draws every figure into the run's figures/ folder; returns their paths.</summary>
    public IReadOnlyList<string> DrawFigures()
    {
        using var scope = NewDisposeScope();
        var testCodes = Encoding.Encode(Model, data.Test);
        if (!data.IsHeldOut) return FigureSet.Draw(Run, Model, Prior, data.Test, testCodes, History, Config.Seed);
        var trainCodes = Encoding.Encode(Model, train);
        return FaceFigureSet.Draw(Run, Model, Prior, train, trainCodes, data.Test, testCodes, History, Config.Seed);
    }

    /// <summary>Decodes <paramref name="count"/> prior draws into an image grid.</summary>
    public void SaveSamples(string path, int count, long seed)
    {
        using var scope = NewDisposeScope();
        var codes = Prior.SampleAnyComponent(count, new Generator((ulong)seed));
        using var grid = ImageGrid.Render(Encoding.Decode(Model, codes), (int)Math.Ceiling(Math.Sqrt(count)), scale: 2);
        Png.Save(grid, path);
    }

    /// <summary>Reconstructs image files (resized like the training data) into a figure of pairs.</summary>
    public void SaveReconstructions(string path, IReadOnlyList<string> files)
    {
        using var scope = NewDisposeScope();
        using var images = LoadLikeTraining(files);
        FaceFigureSet.SaveReconstructions(path, Model, images, Encoding.Encode(Model, images), "chosen images");
    }

    /// <summary>
    /// A GIF of latent walks there and back. Without files: 16 training images, each to its nearest
    /// distinct neighbour. With files: consecutive pairs walk to each other; a lone last file walks to its
    /// nearest training neighbour.
    /// </summary>
    public void SaveWalks(string path, IReadOnlyList<string>? files, int framesPerDirection, long seed)
    {
        if (framesPerDirection < 2) throw new AaeException($"--frames must be at least 2 (got {framesPerDirection})");
        using var scope = NewDisposeScope();
        var trainCodes = Encoding.Encode(Model, train);
        if (files is null || files.Count == 0)
        {
            var chosen = randperm(train.Count, generator: new Generator((ulong)seed))[..Math.Min(16, train.Count)];
            FaceFigureSet.SaveNeighbourWalks(path, Model, trainCodes.index_select(0, chosen), trainCodes, framesPerDirection);
            return;
        }
        using var images = LoadLikeTraining(files);
        var codes = Encoding.Encode(Model, images);
        var walks = new List<Tensor>();
        for (int i = 0; i + 1 < files.Count; i += 2)
            walks.Add(LatentWalk.ThereAndBack(codes[i], codes[i + 1], framesPerDirection));
        if (files.Count % 2 == 1)
        {
            var last = codes[^1..];
            var neighbour = NearestNeighbours.Distinct(last, trainCodes)[0];
            walks.Add(LatentWalk.ThereAndBack(codes[^1], trainCodes[neighbour], framesPerDirection));
        }
        FaceFigureSet.SaveWalkGrid(path, Model, walks);
    }

    /// <summary>Image files as the model's input: resized to the training size, grey when the training data is.</summary>
    ImageDataset LoadLikeTraining(IReadOnlyList<string> files)
    {
        var images = ImageFiles.Load(files, train.Height);
        if (train.Channels == 3) return images;
        var grey = images.Images.to_type(ScalarType.Float32).mean([1], keepdim: true).round().to_type(ScalarType.Byte);
        var result = new ImageDataset(grey, images.Labels, images.ClassNames);
        images.Images.Dispose();
        return result;
    }

    static void CheckLabels(ExperimentConfig config, ImageDataset train)
    {
        if (config.UseLabels && train.ClassNames.Count != config.MixtureComponents)
            throw new AaeException(
                $"--labels needs one prior component per class: {config.Dataset} has {train.ClassNames.Count} classes, the prior {config.MixtureComponents} components");
    }

    /// <summary>The data directory the run read from: MNIST files sit one folder below it, an image folder directly in it.</summary>
    static string RecordedDataDirectory(RunInfo info)
    {
        var first = info.DatasetFiles.FirstOrDefault()
            ?? throw new AaeException("config.json lists no dataset files: pass --data-dir");
        var parent = Path.GetDirectoryName(first.Path)!;
        return Datasets.IsImageFolder(info.Config.Dataset) ? parent : Path.GetDirectoryName(parent)!;
    }

    public void Dispose()
    {
        Model.Dispose();
        data.Dispose();
    }
}
