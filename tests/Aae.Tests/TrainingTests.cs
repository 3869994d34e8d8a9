using Aae.Data;
using Aae.Evaluation;
using Aae.Experiments;
using Aae.Models;
using Aae.Priors;
using Aae.Training;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>The trainer learns on real MNIST: losses fall, codes follow the prior, labels land on their modes.</summary>
public sealed class TrainingTests
{
    static (List<EpochRecord> History, AdversarialAutoencoder Model, IPrior Prior, MnistLike.Split Data) Train(ExperimentConfig config)
    {
        var data = MnistLike.Load(TestData.MnistSlice, "mnist");
        var (history, model, prior) = TestTraining.Train(config, data.Train, [1, 28, 28], generatorSeed: 7);
        return (history, model, prior, data);
    }

    [Fact]
    public void ReconstructionLossFallsAndTheDiscriminatorIsFooledToAboutHalf()
    {
        var (history, model, _, data) = Train(new ExperimentConfig { Epochs = 6 });
        Assert.True(history[^1].ReconstructionLoss < 0.8 * history[0].ReconstructionLoss,
            $"reconstruction loss {history[0].ReconstructionLoss} -> {history[^1].ReconstructionLoss}");
        Assert.InRange(history[^1].DiscriminatorOnCodes, 0.3, 0.7);

        var codes = Encoding.Encode(model, data.Test);
        Assert.InRange(Encoding.ReconstructionMse(model, data.Test, codes), 0.0, 0.065);
        // Codes pushed towards N(0, I): centred, with spread of order one.
        Assert.InRange(codes.mean().item<float>(), -0.5f, 0.5f);
        Assert.InRange(codes.std().item<float>(), 0.4f, 2.0f);
    }

    [Fact]
    public void WithLabelsEachDigitLandsOnItsOwnMode()
    {
        // Small batches give enough steps on a 6000-image slice for the modes to sort themselves out.
        var (_, model, prior, data) = Train(new ExperimentConfig { Prior = "umbrella", UseLabels = true, Epochs = 10, BatchSize = 32 });
        var codes = Encoding.Encode(model, data.Test);
        var accuracy = ModeAccuracy.Supervised(prior, codes, data.Test.Labels);
        Assert.True(accuracy > 0.4, $"mode accuracy {accuracy} (chance is 0.1)");
    }
}
