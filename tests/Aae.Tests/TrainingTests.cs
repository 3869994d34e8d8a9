using Aae.Families.Aae;
using Aae.Config;
using Aae.Data;
using Aae.Evaluation;
using Aae.Families;
using Aae.Training;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>The families learn on real MNIST: losses fall, codes follow the prior, labels land on their modes.</summary>
public sealed class TrainingTests
{
    static (List<EpochRecord> History, ModelFamily Model, MnistLike.Split Data) Train(RunConfig config)
    {
        var data = MnistLike.Load(TestData.MnistSlice, "mnist");
        var (history, model) = TestTraining.Train(config, data.Train, [1, 28, 28], generatorSeed: 7);
        return (history, model, data);
    }

    [Fact]
    public void ReconstructionLossFallsAndTheDiscriminatorIsFooledToAboutHalf()
    {
        var (history, model, data) = Train(new RunConfig().With(epochs: 6));
        Assert.Equal(["reconstruction_loss", "discriminator_loss", "generator_loss", "d_on_prior", "d_on_codes"], history[0].Names);
        Assert.True(history[^1].Reconstruction() < 0.8 * history[0].Reconstruction(),
            $"reconstruction loss {history[0].Reconstruction()} -> {history[^1].Reconstruction()}");
        Assert.InRange(history[^1].Loss("d_on_codes")!.Value, 0.3, 0.7);

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
        var config = new RunConfig { Prior = new() { Kind = "umbrella" }, Family = new AaeOptions { UseLabels = true } }.With(epochs: 10, batchSize: 32);
        var (_, model, data) = Train(config);
        var codes = Encoding.Encode(model, data.Test);
        var accuracy = ModeAccuracy.Supervised(model.Prior, codes, data.Test.Labels);
        Assert.True(accuracy > 0.4, $"mode accuracy {accuracy} (chance is 0.1)");
    }

    [Fact]
    public void TheSupervisedDecoderDrawsTheClassItIsGiven()
    {
        var (history, model, data) = Train(Presets.Find("mnist-supervised").Config.With(epochs: 8, batchSize: 32));
        Assert.True(history[^1].Reconstruction() < 0.7 * history[0].Reconstruction());
        // Decode 20 test styles as every digit; each decode should be nearest to its digit's mean test image.
        var styles = Encoding.Encode(model, data.Test)[..20];
        var classes = arange(10, dtype: ScalarType.Int64);
        var decoded = Encoding.Decode(model, styles.repeat_interleave(10, 0), classes.repeat(20)).flatten(1);
        var testImages = data.Test.FloatImages(arange(data.Test.Count, dtype: ScalarType.Int64)).flatten(1);
        var means = stack(Enumerable.Range(0, 10).Select(d => testImages[data.Test.Labels == d].mean([0])).ToArray());
        var nearest = cdist(decoded, means).argmin(1);
        var accuracy = (nearest == classes.repeat(20)).to_type(ScalarType.Float32).mean().item<float>();
        Assert.True(accuracy > 0.7, $"{accuracy:P0} of the decodes are nearest to the mean of the digit asked for");
    }

    [Fact]
    public void TheWaeReconstructsAndItsCodesMatchThePrior()
    {
        var (history, model, data) = Train(Presets.Find("mnist-wae").Config.With(epochs: 4));
        Assert.Equal(["reconstruction_loss", "mmd"], history[0].Names);
        Assert.True(history[^1].Reconstruction() < 0.7 * history[0].Reconstruction());
        Assert.True(history[^1].Loss("mmd") < 0.5 * history[0].Loss("mmd"), $"mmd {history[0].Loss("mmd")} -> {history[^1].Loss("mmd")}");
        Assert.False(model is ICodeDiscriminator);
        var codes = Encoding.Encode(model, data.Test);
        Assert.InRange(codes.mean().item<float>(), -0.3f, 0.3f);
        Assert.InRange(codes.std().item<float>(), 0.6f, 1.4f);
    }
}
