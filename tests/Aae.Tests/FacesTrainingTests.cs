using Aae.Data;
using Aae.Evaluation;
using Aae.Experiments;
using Aae.Training;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>
/// The faces preset's training on real LFW faces with small conv networks: the autoencoder keeps
/// learning while the discriminator pulls the 400-d codes towards the prior's shell.
/// </summary>
public sealed class FacesTrainingTests
{
    static (List<EpochRecord> History, Tensor Codes) Train(ExperimentConfig config)
    {
        using var split = Datasets.Load(config with { Dataset = "folder:" + TestData.LfwSlice(96) }, TestData.SharedDatasets);
        var (history, model, _) = TestTraining.Train(config, split.Train, [3, 64, 64], generatorSeed: 3);
        return (history, Encoding.Encode(model, split.Train));
    }

    static ExperimentConfig Faces => Presets.Find("lfw-faces").Config with { Features = 8, BatchSize = 8, Epochs = 6 };

    [Fact]
    public void WithTheAdaptiveWeightTheAutoencoderLearnsAndTheCodesNearThePrior()
    {
        var (history, codes) = Train(Faces);
        Assert.True(history[^1].ReconstructionLoss < 0.7 * history[0].ReconstructionLoss,
            $"reconstruction loss {history[0].ReconstructionLoss} -> {history[^1].ReconstructionLoss}");
        // Not separated outright: the discriminator still rates some codes as prior samples.
        Assert.InRange(history[^1].DiscriminatorOnCodes, 0.05, 0.95);
        // N(0, I) in 400 dimensions has norms near 20; an unregularised encoder drifts far beyond.
        var meanNorm = codes.norm(1).mean().item<float>();
        Assert.InRange(meanNorm, 5f, 60f);
    }

    [Fact]
    public void GradientPenaltyAndAdaptiveWeightAreOptional()
    {
        // The study's fixed-λ step with no penalty still trains (the MNIST presets use it).
        var (history, _) = Train(Faces with { AdaptiveLambda = false, GradientPenalty = 0, Lambda = 0.1, Epochs = 2 });
        Assert.All(history, record => Assert.False(double.IsNaN(record.ReconstructionLoss)));
        Assert.Throws<AaeException>(() => (Faces with { GradientPenalty = -1 }).Validate());
    }
}
