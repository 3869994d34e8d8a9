using Aae.Config;
using Aae.Data;
using Aae.Evaluation;
using Aae.Families;
using Aae.Runs;
using Aae.Training;
using Aae.Visualization;
using Aae.Visualization.Report;
using static TorchSharp.torch;

namespace Aae.Experiments;

/// <summary>
/// A run in progress or reloaded from its folder: the data and the model family, with the steps a
/// user takes on them (train, evaluate, draw figures, walk the latent space).
/// </summary>
public sealed partial class Experiment : IDisposable
{
    readonly DatasetSplit data;
    readonly ImageDataset train;
    readonly ImageDataset? validation;
    readonly Trainer trainer;
    readonly RunLock? runLock;

    Experiment(RunFolder run, RunLock? runLock, RunInfo info, DatasetSplit data, ModelFamily family)
    {
        Run = run;
        this.runLock = runLock;
        Info = info;
        this.data = data;
        (train, validation) = ValidationSplit.Of(data.Train, Config.Data.ValidationCount, Config.Data.Limit);
        Family = family;
        family.SetUp(new FamilySetUp(run, train, validation, data.Test, Config.Training.Seed));
        trainer = new Trainer(family, Config.Training.BatchSize);
        History = run.LoadHistory().ToList();
    }

    public RunFolder Run { get; }
    public RunInfo Info { get; private set; }
    public RunConfig Config => Info.Config;
    public ModelFamily Family { get; }
    public List<EpochRecord> History { get; }
    public int EpochsDone { get; private set; }

    /// <summary>What loading the data had to say (skipped files, cache problems), also written to run.log.</summary>
    public IReadOnlyList<string> Notes => data.Notes;

    /// <summary>The images the run is judged on: MNIST's test set or an image folder's held-out part.</summary>
    public ImageDataset TestImages => data.Test;
    public ImageDataset TrainImages => train;
    /// <summary>The held-out end of the training set (see --validation), or null.</summary>
    public ImageDataset? ValidationImages => validation;
    public bool Finished => EpochsDone >= Config.Training.Epochs;

    /// <summary>Checks the settings, loads the data and builds the model, then creates the run folder (so a bad setup leaves no folder behind).</summary>
    public static Experiment Start(RunConfig config, string runPath, string dataDirectory)
    {
        config.Validate();
        var data = Datasets.Load(config.Data, config.Training.Seed, dataDirectory);
        long[] shape = [data.Train.Channels, data.Train.Height, data.Train.Width];
        ModelFamily? family = null;
        try
        {
            ValidationSplit.Check(data.Train.Count, config.Data.ValidationCount);
            if (config.Training.GenerativeMetrics && !GenerativeQuality.Applies(data.Train))
                throw new AaeException($"--generative-metrics: takes 28x28 grey images (MNIST, Fashion-MNIST), not {config.Data.Dataset}'s {data.Train.Channels}x{data.Train.Height}x{data.Train.Width}");
            family = ModelFamilies.Build(config, shape, data.Train.ClassNames.Count);
            var info = new RunInfo(config, data.Files, RunInfo.CurrentVersions(), DateTime.UtcNow)
            {
                ImageShape = shape,
                ClassCount = data.Train.ClassNames.Count,
            };
            var (run, hold) = RunFolder.Create(runPath, info);
            run.AppendLog(data.Notes);
            return new Experiment(run, hold, info, data, family);
        }
        catch
        {
            family?.Dispose();
            data.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reloads a run from its folder and latest readable checkpoint, holding the folder's lock. The data
    /// comes from <paramref name="dataDirectory"/>, else from where the run read it. With
    /// <paramref name="fromScratchIfNoCheckpoint"/> (resume) a run stopped before its first epoch ended
    /// starts again from its seed; otherwise (evaluate, plot) that is an error. <paramref name="readOnly"/>
    /// (reconstruct, interpolate, a report written elsewhere): no lock and no write to the folder, which may be read-only.
    /// </summary>
    public static Experiment Open(string runPath, string? dataDirectory, bool fromScratchIfNoCheckpoint = false, bool readOnly = false)
    {
        var run = RunFolder.Open(runPath);
        var hold = readOnly ? null : run.Lock();
        ModelFamily? family = null;
        Experiment? experiment = null;
        try
        {
            (var info, family) = TrainedModel.Rebuild(run);
            var data = Datasets.Load(info.Config.Data, info.Config.Training.Seed, dataDirectory ?? RecordedDataDirectory(info));
            experiment = new Experiment(run, hold, info, data, family);
            // Catches up an event file that a kill left one save behind history.csv or metrics.json.
            if (!readOnly) TensorBoardScalars.Write(run);
            var loaded = Checkpoint.LoadFirstReadable([run.LatestCheckpointPath, run.FinalCheckpointPath],
                experiment.Family.Networks, experiment.Family.Optimizers);
            if (loaded is null && !fromScratchIfNoCheckpoint)
                throw new AaeException($"{run.CheckpointsPath}: no checkpoint yet (no epoch finished): continue with 'aae resume {runPath}'");
            experiment.EpochsDone = loaded?.EpochsDone ?? 0;
            // history.csv is written before the checkpoint: rows beyond it are retrained.
            experiment.History.RemoveAll(r => r.Epoch > experiment.EpochsDone);
            return experiment;
        }
        catch
        {
            if (experiment is not null) experiment.Dispose();
            else
            {
                family?.Dispose();
                hold?.Dispose();
            }
            throw;
        }
    }

    /// <summary>Changes how many epochs the run trains in all (resume with more epochs), saving config.json.</summary>
    public void SetTotalEpochs(int epochs)
    {
        var info = Info with { Config = Config with { Training = Config.Training with { Epochs = epochs } } };
        info.Config.Validate();
        Run.SaveInfo(info);
        Info = info;
    }

    /// <summary>
    /// Trained to the end, with its final checkpoint, figures and metrics of this many epochs
    /// (metrics.json is written last, so a kill before it leaves the run incomplete).
    /// </summary>
    public bool IsComplete
    {
        get
        {
            if (!Finished || !Run.IsComplete) return false;
            try
            {
                return Metrics.Read(Run.MetricsPath)["epochs"] == EpochsDone;
            }
            catch (AaeException)
            {
                return false;  // unreadable metrics are rewritten
            }
        }
    }

    /// <summary>Trains the remaining epochs, checkpointing after each; returns false when cancelled.</summary>
    public bool Train(Action<StepProgress>? onStep = null, Action<EpochRecord>? onEpoch = null, CancellationToken cancellation = default)
    {
        long seed = Config.Training.Seed;
        var generator = new Generator((ulong)seed);
        while (!Finished)
        {
            int epoch = EpochsDone + 1;
            // A fresh seed per epoch makes a resumed run draw the same batches as an uninterrupted one.
            generator.manual_seed(seed * 1_000_003 + epoch);
            Family.ScaleLearningRates(Config.Training.LearningRateScale(epoch));
            var record = trainer.TrainEpoch(train, epoch, Config.Training.Epochs, generator, onStep, cancellation);
            if (record is null) return false;
            // Values the family adds (a validation error), as more history columns.
            var extra = Family.EpochValues();
            record = record with
            {
                Names = [.. record.Names, .. extra.Select(v => v.Name)],
                Labels = [.. record.Labels ?? record.Names, .. extra.Select(v => v.Name)],
                Losses = [.. record.Losses, .. extra.Select(v => v.Value)],
            };
            History.Add(record);
            // History first: a kill between the two leaves an extra row, which resume drops and
            // retrains, never a checkpoint whose epoch the history lacks.
            Run.SaveHistory(History, record.Names);
            TensorBoardScalars.Write(Run);
            // Before latest.ckpt: a kill between the two retrains this epoch and rewrites the same weights.
            if (Config.Training.KeepCheckpoints.Contains(epoch))
                Checkpoint.Save(Run.EpochCheckpointPath(epoch), epoch, Family.Networks, Family.Optimizers);
            Checkpoint.Save(Run.LatestCheckpointPath, epoch, Family.Networks, Family.Optimizers);
            EpochsDone = epoch;
            onEpoch?.Invoke(record);
        }
        Checkpoint.Save(Run.FinalCheckpointPath, EpochsDone, Family.Networks, Family.Optimizers);
        return true;
    }

    /// <summary>
    /// The end of a run: encodes the training and test images once, computes the metrics, draws every
    /// figure and report.html, and writes metrics.json last (it marks the run complete, so a kill
    /// before it leaves a run that 'aae resume' finishes). Returns the metrics and the files drawn.
    /// </summary>
    public (Metrics Metrics, IReadOnlyList<string> Figures) Finish()
    {
        using var scope = NewDisposeScope();
        var testCodes = Encoding.Encode(Family, data.Test);
        var trainCodes = Encoding.Encode(Family, train);
        var metrics = ComputeMetrics(trainCodes, testCodes);
        var figures = DrawFigures(trainCodes, testCodes, metrics);
        SaveMetrics(metrics);
        return (metrics, figures);
    }

    /// <summary>Computes the metrics the model and data allow (see <see cref="RunEvaluation"/>) and writes metrics.json (no figures).</summary>
    /// <param name="generative">Also the sample-quality measures of 28x28 grey images (<see cref="GenerativeQuality"/>), whatever the run's setting.</param>
    /// <param name="note">Hears what the generative measures do that takes time (training the feature classifier once).</param>
    public Metrics Evaluate(bool generative = false, Action<string>? note = null)
    {
        using var scope = NewDisposeScope();
        var metrics = ComputeMetrics(Encoding.Encode(Family, train), Encoding.Encode(Family, data.Test), generative, note);
        SaveMetrics(metrics);
        return metrics;
    }

    Metrics ComputeMetrics(Tensor trainCodes, Tensor testCodes, bool generative = false, Action<string>? note = null)
    {
        var metrics = RunEvaluation.Compute(Family, data, train, trainCodes, testCodes, EpochsDone, History.Count, History.Sum(r => r.Seconds), Config.Training.Seed);
        Family.AddMetrics(metrics, new FamilyEvaluation(train, validation, data.Test));
        if (generative || Config.Training.GenerativeMetrics) AddGenerativeMetrics(metrics, trainCodes, testCodes, note);
        return metrics;
    }

    /// <summary>Writes metrics.json, which marks the run complete.</summary>
    void SaveMetrics(Metrics metrics)
    {
        AtomicFile.WriteAllText(Run.MetricsPath, metrics.ToJson());
        TensorBoardScalars.Write(Run);
    }

    /// <summary>
    /// Draws every figure the model and data allow into the run's figures/ folder, then report.html
    /// (which shows them); returns their paths, the report's last.
    /// </summary>
    public IReadOnlyList<string> DrawFigures()
    {
        using var scope = NewDisposeScope();
        return DrawFigures(Encoding.Encode(Family, train), Encoding.Encode(Family, data.Test), metrics: null);
    }

    /// <param name="metrics">Metrics for the report not yet in metrics.json (else the report reads the file, if any).</param>
    IReadOnlyList<string> DrawFigures(Tensor trainCodes, Tensor testCodes, Metrics? metrics)
    {
        var figures = FigureSet.Draw(Run, Family, train, trainCodes, data.Test, testCodes, data.IsHeldOut, History, Config.Training.Seed);
        return [.. figures, RunReport.Write(Run, Family, train, trainCodes, data.Test, testCodes, data.IsHeldOut, History, Config.Training.Seed, metrics)];
    }

    /// <summary>(Re)writes report.html from the run folder's files and the model; returns its path.</summary>
    public string WriteReport(string? path = null)
    {
        using var scope = NewDisposeScope();
        return RunReport.Write(Run, Family, train, Encoding.Encode(Family, train), data.Test, Encoding.Encode(Family, data.Test),
            data.IsHeldOut, History, Config.Training.Seed, path: path);
    }

    /// <summary>The data directory the run read from: MNIST files sit one folder below it, an image folder directly in it.</summary>
    static string RecordedDataDirectory(RunInfo info)
    {
        var first = info.DatasetFiles.FirstOrDefault()
            ?? throw new AaeException("config.json lists no dataset files: pass --data-dir");
        var parent = Path.GetDirectoryName(first.Path)!;
        return Datasets.IsImageFolder(info.Config.Data.Dataset) ? parent : Path.GetDirectoryName(parent)!;
    }

    public void Dispose()
    {
        Family.Dispose();
        data.Dispose();
        runLock?.Dispose();
    }
}
