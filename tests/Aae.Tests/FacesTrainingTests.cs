using Aae.Families.Aae;
using Aae.Data;
using Aae.Evaluation;
using Aae.Config;
using Aae.Training;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>
/// The faces preset's training on real LFW faces with small conv networks: the autoencoder keeps
/// learning while the discriminator pulls the 400-d codes towards the prior's shell.
/// </summary>
public sealed class FacesTrainingTests
{
    static (List<EpochRecord> History, Tensor Codes) Train(RunConfig config)
    {
        using var split = Datasets.Load(config.Data with { Dataset = "folder:" + TestData.LfwSlice(96) }, 0, TestData.SharedDatasets);
        var (history, model) = TestTraining.Train(config, split.Train, [3, 64, 64], generatorSeed: 3, classCount: split.Train.ClassNames.Count);
        using (model) return (history, Encoding.Encode(model, split.Train));
    }

    static RunConfig Faces
    {
        get
        {
            var preset = Presets.Find("lfw-faces").Config;
            return (preset with { Networks = preset.Networks with { Features = 8 } }).With(epochs: 6, batchSize: 8);
        }
    }

    [Fact]
    public void WithTheAdaptiveWeightTheAutoencoderLearnsAndTheCodesNearThePrior()
    {
        var (history, codes) = Train(Faces);
        Assert.True(history[^1].Reconstruction() < 0.7 * history[0].Reconstruction(),
            $"reconstruction loss {history[0].Reconstruction()} -> {history[^1].Reconstruction()}");
        // Not separated outright: the discriminator still rates some codes as prior samples.
        Assert.InRange(history[^1].Loss("d_on_codes")!.Value, 0.05, 0.95);
        // N(0, I) in 400 dimensions has norms near 20; an unregularised encoder drifts far beyond.
        var meanNorm = codes.norm(1).mean().item<float>();
        Assert.InRange(meanNorm, 5f, 60f);
    }

    [Fact]
    public void GradientPenaltyAndAdaptiveWeightAreOptional()
    {
        // The study's fixed-λ step with no penalty still trains (the MNIST presets use it).
        var faces = Faces.With(epochs: 2);
        var (history, _) = Train(faces with { Family = ((AaeOptions)faces.Family) with { AdaptiveLambda = false, GradientPenalty = 0, Lambda = 0.1 } });
        Assert.All(history, record => Assert.False(double.IsNaN(record.Reconstruction())));
        Assert.Throws<AaeException>(() => (Faces with { Family = ((AaeOptions)Faces.Family) with { GradientPenalty = -1 } }).Validate());
    }
}
