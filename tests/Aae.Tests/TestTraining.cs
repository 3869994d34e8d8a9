using Aae.Config;
using Aae.Data;
using Aae.Families;
using Aae.Training;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>Trains a fresh model family for the config's epochs on real data, the way a run does, for tests to inspect.</summary>
static class TestTraining
{
    public static (List<EpochRecord> History, ModelFamily Model) Train(
        RunConfig config, ImageDataset train, long[] imageShape, ulong generatorSeed, int classCount = 10)
    {
        var model = ModelFamilies.Build(config, imageShape, classCount);
        var trainer = new Trainer(model, config.Training.BatchSize);
        var generator = new Generator(generatorSeed);
        var history = new List<EpochRecord>();
        for (int epoch = 1; epoch <= config.Training.Epochs; epoch++)
            history.Add(trainer.TrainEpoch(train, epoch, config.Training.Epochs, generator)!);
        return (history, model);
    }

    public static double Reconstruction(this EpochRecord record) => record.Loss("reconstruction_loss")!.Value;

    /// <summary>A preset's configuration with other training settings.</summary>
    public static RunConfig With(this RunConfig config, int? epochs = null, int? batchSize = null) =>
        config with { Training = config.Training with { Epochs = epochs ?? config.Training.Epochs, BatchSize = batchSize ?? config.Training.BatchSize } };
}
