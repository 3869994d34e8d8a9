using Aae.Data;
using Aae.Experiments;
using Aae.Models;
using Aae.Priors;
using Aae.Training;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>Trains a fresh AAE for the config's epochs on real data, the way a run does, for tests to inspect.</summary>
static class TestTraining
{
    public static (List<EpochRecord> History, AdversarialAutoencoder Model, IPrior Prior) Train(
        ExperimentConfig config, ImageDataset train, long[] imageShape, ulong generatorSeed)
    {
        set_num_threads(2);
        manual_seed(config.Seed);
        var prior = PriorFactory.Build(config);
        var model = AdversarialAutoencoder.Build(config, imageShape);
        var trainer = new AaeTrainer(config, model, prior);
        var generator = new Generator(generatorSeed);
        var history = new List<EpochRecord>();
        for (int epoch = 1; epoch <= config.Epochs; epoch++)
            history.Add(trainer.TrainEpoch(train, epoch, config.Epochs, generator)!);
        return (history, model, prior);
    }
}
