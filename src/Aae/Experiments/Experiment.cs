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
    readonly MnistLike.Split data;
    readonly ImageDataset train;

    Experiment(RunFolder run, RunInfo info, MnistLike.Split data)
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
    public bool Finished => EpochsDone >= Config.Epochs;

    /// <summary>Checks the settings, loads the data, then creates the run folder (so a bad setup leaves no folder behind).</summary>
    public static Experiment Start(ExperimentConfig config, string runPath, string dataDirectory)
    {
        config.Validate();
        var data = MnistLike.Load(dataDirectory, config.Dataset);
        CheckLabels(config, data.Train);
        var info = new RunInfo(config, data.Files, RunInfo.CurrentVersions(), DateTime.UtcNow);
        var run = RunFolder.Create(runPath, info);
        return new Experiment(run, info, data);
    }

    /// <summary>Reloads a run from its folder and latest checkpoint. The data comes from <paramref name="dataDirectory"/>, else from where the run read it.</summary>
    public static Experiment Open(string runPath, string? dataDirectory)
    {
        var run = RunFolder.Open(runPath);
        var info = run.LoadInfo();
        info.Config.Validate();
        var directory = dataDirectory ?? RecordedDataDirectory(info);
        var experiment = new Experiment(run, info, MnistLike.Load(directory, info.Config.Dataset));
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

    /// <summary>Computes the metrics on the test set and writes metrics.json.</summary>
    public Metrics Evaluate()
    {
        using var scope = NewDisposeScope();
        var test = data.Test;
        var testCodes = Encoding.Encode(Model, test);
        var trainCodes = Encoding.Encode(Model, train);
        double? modeAccuracy = Prior.ComponentCount > 1
            ? Config.UseLabels ? ModeAccuracy.Supervised(Prior, testCodes, test.Labels) : ModeAccuracy.Unsupervised(Prior, testCodes, test.Labels)
            : null;
        var metrics = new Metrics(
            TestMse: Encoding.ReconstructionMse(Model, test, testCodes),
            KnnAccuracy: LatentKnn.Accuracy(trainCodes, train.Labels, testCodes, test.Labels),
            ModeAccuracy: modeAccuracy,
            TrainSeconds: History.Sum(r => r.Seconds),
            Epochs: EpochsDone,
            TestImages: test.Count);
        AtomicFile.WriteAllText(Run.MetricsPath, Json.Serialize(metrics));
        return metrics;
    }

    /// <summary>Draws every figure into the run's figures/ folder; returns their paths.</summary>
    public IReadOnlyList<string> DrawFigures()
    {
        using var scope = NewDisposeScope();
        var testCodes = Encoding.Encode(Model, data.Test);
        return FigureSet.Draw(Run, Model, Prior, data.Test, testCodes, History, Config.Seed);
    }

    static void CheckLabels(ExperimentConfig config, ImageDataset train)
    {
        if (config.UseLabels && train.ClassNames.Count != config.MixtureComponents)
            throw new AaeException(
                $"--labels needs one prior component per class: {config.Dataset} has {train.ClassNames.Count} classes, the prior {config.MixtureComponents} components");
    }

    static string RecordedDataDirectory(RunInfo info)
    {
        var first = info.DatasetFiles.FirstOrDefault()
            ?? throw new AaeException("config.json lists no dataset files: pass --data-dir");
        return Path.GetDirectoryName(Path.GetDirectoryName(first.Path))!;
    }

    public void Dispose()
    {
        Model.Dispose();
        data.Train.Dispose();
        data.Test.Dispose();
    }
}
