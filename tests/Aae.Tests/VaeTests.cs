using Aae.Config;
using Aae.Data;
using Aae.Evaluation;
using Aae.Families;
using Aae.Families.Vae;
using Aae.Priors;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>The VAE family: its KL terms against hand-computed values, and training on real MNIST digits.</summary>
public sealed class VaeTests
{
    [Fact]
    [Trait("Category", "Unit")]
    public void TheClosedFormKlIsTheHandComputedOne()
    {
        // μ = (1, 0), σ² = (1, 4) against N(0, I): ½[(1 + 1 - 1 - 0) + (4 + 0 - 1 - ln 4)] = ½(4 - ln 4).
        using var scope = NewDisposeScope();
        var mean = tensor(new float[,] { { 1, 0 } });
        var logVariance = tensor(new float[,] { { 0, MathF.Log(4) } });
        Assert.Equal(0.5 * (4 - Math.Log(4)), KlDivergence.ToGaussian(mean, logVariance, 1).item<float>(), 5);
        // Against N(0, 4 I): ½[((1 + 1)/4 - 1 - 0 + ln 4) + ((4 + 0)/4 - 1 - ln 4 + ln 4)] = ½(ln 4 - ½).
        Assert.Equal(0.5 * (Math.Log(4) - 0.5), KlDivergence.ToGaussian(mean, logVariance, 2).item<float>(), 5);
    }

    [Fact]
    [Trait("Category", "Unit")]
    public void TheMonteCarloKlAveragesToTheClosedForm()
    {
        using var scope = NewDisposeScope();
        const int draws = 200_000;
        var mean = tensor(new float[] { 0.5f, -1 }).expand(draws, 2);
        var logVariance = tensor(new float[] { MathF.Log(0.25f), 0 }).expand(draws, 2);
        var z = mean + (logVariance * 0.5f).exp() * randn([draws, 2], generator: new Generator(3));
        var estimate = KlDivergence.MonteCarlo(z, mean, logVariance, new GaussianPrior(2)).mean().item<float>();
        var exact = KlDivergence.ToGaussian(mean[..1], logVariance[..1], 1).item<float>();
        Assert.InRange(estimate, exact - 0.01, exact + 0.01);
    }

    static (List<Training.EpochRecord> History, ModelFamily Model, MnistLike.Split Data) Train(string preset, int epochs)
    {
        var data = MnistLike.Load(TestData.MnistSlice, "mnist");
        var (history, model) = TestTraining.Train(Presets.Find(preset).Config.With(epochs: epochs, batchSize: 32), data.Train, [1, 28, 28], generatorSeed: 7);
        return (history, model, data);
    }

    [Fact]
    public void WithTheGaussianPriorTheElboFallsAndTheCodesSpreadLikeThePrior()
    {
        var (history, model, data) = Train("mnist-vae", epochs: 6);
        using var _ = model;
        Assert.Equal(["reconstruction_loss", "negative_log_likelihood", "kl"], history[0].Names);
        double Elbo(Training.EpochRecord r) => r.Loss("negative_log_likelihood")!.Value + r.Loss("kl")!.Value;
        Assert.True(Elbo(history[^1]) < 0.9 * Elbo(history[0]), $"-ELBO {Elbo(history[0])} -> {Elbo(history[^1])}");
        Assert.True(history[^1].Reconstruction() < 0.8 * history[0].Reconstruction());
        // A 2-d code carries a few nats of information about the digit: the KL is well above 0.
        Assert.InRange(history[^1].Loss("kl")!.Value, 2, 15);
        using var codes = Encoding.Encode(model, data.Test);
        Assert.InRange(codes.mean().item<float>(), -0.4f, 0.4f);
        Assert.InRange(codes.std().item<float>(), 0.5f, 1.5f);
        Assert.True(LatentKnn.Accuracy(Encoding.Encode(model, data.Train), data.Train.Labels, codes, data.Test.Labels) > 0.5);
    }

    [Fact]
    public void WithTheUmbrellaPriorTheMonteCarloKlPullsCodesOntoItsModes()
    {
        var (history, model, data) = Train("mnist-vae-umbrella", epochs: 6);
        using var _ = model;
        Assert.All(history, r => Assert.True(double.IsFinite(r.Loss("kl")!.Value)));
        Assert.True(history[^1].Loss("kl") < history[0].Loss("kl"), $"kl {history[0].Loss("kl")} -> {history[^1].Loss("kl")}");
        // Codes end near the ring of means (radius 2), not at the origin where a Gaussian would put them.
        using var codes = Encoding.Encode(model, data.Test);
        var radius = codes.square().sum(1).sqrt().median().item<float>();
        Assert.InRange(radius, 1.3f, 2.8f);
    }
}
