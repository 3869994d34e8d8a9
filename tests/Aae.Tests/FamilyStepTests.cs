using Aae.Families.SupervisedAae;
using Aae.Config;
using Aae.Families;
using Aae.Families.Aae;
using Aae.Families.Wae;
using Aae.Networks;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>What the families' steps compute, checked against values worked out by hand.</summary>
[Trait("Category", "Unit")]
public sealed class FamilyStepTests
{
    static AaeFamily Aae(RunConfig config) => (AaeFamily)ModelFamilies.Build(config, [1, 28, 28], 10);

    [Fact]
    public void TheGradientPenaltyOfALinearDiscriminatorIsItsSquaredWeightNorm()
    {
        // D(z, c) = w·[z, c] + b has ∂D/∂z = w[:2] at every point, so the penalty is ‖w[:2]‖².
        using var discriminator = NetworkFactory.Discriminator(new NetworkSettings { DiscriminatorHidden = [] }, 4);
        var weight = discriminator.parameters().First(p => p.dim() == 2);
        using (no_grad()) weight.copy_(tensor(new float[] { 3, -4, 10, 20 }).view(1, 4));
        var points = tensor(new float[] { 0.5f, 1, -2, 0, 7, 7 }).view(3, 2);
        var condition = tensor(new float[] { 1, 0, 0, 1, 1, 0 }).view(3, 2);
        Assert.Equal(25.0, GradientPenalty.At(discriminator, points, condition).item<float>(), 4);
        // Without a condition every input column is differentiated: ‖w‖² = 9 + 16 + 100 + 400.
        Assert.Equal(525.0, GradientPenalty.At(discriminator, cat([points, condition], 1), null).item<float>(), 3);
    }

    [Fact]
    public void TheAdaptiveWeightGivesTheFoolingGradientLambdaTimesTheReconstructionGradientsNorm()
    {
        // ‖(3, 4)‖ = 5, ‖(0, 2)‖ = 2: the weight is λ·5/2.
        var weight = AdaptiveWeight.Weight(tensor(new float[] { 3, 4 }), tensor(new float[] { 0, 2 }), 0.5).item<float>();
        Assert.Equal(1.25, weight, 5);

        // Through Backward: losses a·z and b·z send a and b to z; the encoder side receives a + λ‖a‖/‖b‖·b.
        var codes = tensor(new float[] { 1, 1 }).requires_grad_(true);
        var encoded = codes * 1;  // not a leaf, as an encoder's output
        var atCodes = encoded.detach().requires_grad_(true);
        var a = tensor(new float[] { 3, 4 });
        var b = tensor(new float[] { 0, 2 });
        AdaptiveWeight.Backward(encoded, atCodes, (atCodes * a).sum(), (atCodes * b).sum(), lambda: 0.5);
        Assert.Equal(new float[] { 3, 4 + 1.25f * 2 }, codes.grad!.data<float>().ToArray());
    }

    [Fact]
    public void WithLabelsTheGivenFractionCarriesItsClassAndTheRestTheUnlabelledClass()
    {
        var config = new RunConfig { Prior = new() { Kind = "umbrella" }, Family = new AaeOptions { UseLabels = true, LabelledFraction = 0.25 } };
        using var family = Aae(config);
        var labels = tensor(new long[] { 3, 1, 4, 1, 5, 9, 2, 6 });
        var (components, condition) = family.ComponentsAndCondition(labels, new Generator(5));
        Assert.Equal(new long[] { 8, 11 }, condition!.shape);  // ten classes and "unlabelled"
        var shown = condition.argmax(1).data<long>().ToArray();
        var drawn = components.data<long>().ToArray();
        var labelled = Enumerable.Range(0, 8).Where(i => shown[i] != 10).ToArray();
        Assert.Equal(2, labelled.Length);  // round(0.25 · 8)
        foreach (var i in labelled)
        {
            Assert.Equal(labels[i].item<long>(), shown[i]);
            Assert.Equal(labels[i].item<long>(), drawn[i]);  // a labelled position samples its class's mode
        }
        Assert.All(condition.sum(1).data<float>().ToArray(), total => Assert.Equal(1f, total));
    }

    [Fact]
    public void WithAStylePerClassTheDiscriminatorSeesEveryLabel()
    {
        var config = Presets.Find("mnist-supervised").Config;
        using var family = (AaeFamily)ModelFamilies.Build(config, [1, 28, 28], 10);
        Assert.Equal(10, family.LabelClasses);
        var labels = tensor(new long[] { 3, 1, 4, 1, 5 });
        var (components, condition) = family.ComponentsAndCondition(labels, new Generator(5));
        Assert.Equal(labels.data<long>().ToArray(), condition!.argmax(1).data<long>().ToArray());
        Assert.Equal(new long[] { 5, 10 }, condition.shape);
        Assert.All(components.data<long>().ToArray(), c => Assert.Equal(0, c));  // one Gaussian

        // The paper's model (no style per class): the discriminator sees the code alone.
        using var paper = (AaeFamily)ModelFamilies.Build(config with { Family = ((SupervisedAaeOptions)config.Family) with { StylePerClass = false } }, [1, 28, 28], 10);
        Assert.Null(paper.ComponentsAndCondition(labels, new Generator(5)).Condition);
    }

    [Fact]
    public void TheReconstructionPhaseLeavesTheDiscriminatorAlone()
    {
        using var family = Aae(new RunConfig());
        var networks = family.AaeNetworks;
        var before = networks.Discriminator.parameters().Select(p => p.detach().clone()).ToArray();
        var encoderBefore = networks.Encoder.parameters().First().detach().clone();
        var images = rand([16, 1, 28, 28], generator: new Generator(1));
        var labels = zeros([16], ScalarType.Int64);
        family.ReconstructionPhase(images, labels, networks.Encoder.forward(images), null);
        foreach (var (after, original) in networks.Discriminator.parameters().Zip(before))
            Assert.True(Same(after, original), "a discriminator weight changed in the reconstruction phase");
        Assert.False(Same(networks.Encoder.parameters().First(), encoderBefore), "the encoder did not learn");
        Assert.All(networks.Discriminator.parameters(), p => Assert.True(p.requires_grad));
    }

    static bool Same(Tensor a, Tensor b) => (a - b).abs().max().item<float>() == 0;

    [Fact]
    public void TheMmdEstimatorMatchesTheHandComputedValue()
    {
        // Codes {0, 1} and prior samples {0, 2} in 1-D, σ² = 1, so C = 2s. With k(r²) = C / (C + r²):
        // within the codes k(1), within the prior k(4), across (k(0) + k(4) + 2k(1)) / 2, so
        // MMD_C = k(1) + k(4) − (1 + k(4) + 2k(1)) / 2 = (k(4) − 1) / 2 = −2 / (C + 4) = −1 / (s + 2).
        double expected = -Mmd.Scales.Sum(s => 1 / (s + 2));
        var value = Mmd.InverseMultiquadratic(tensor(new float[] { 0, 1 }).view(2, 1), tensor(new float[] { 0, 2 }).view(2, 1), 1.0);
        Assert.Equal(expected, value.item<float>(), 5);

        // Two draws of the same distribution come out near zero; shifted codes clearly above it.
        var generator = new Generator(3);
        var prior = randn([400, 8], generator: generator);
        Assert.InRange(Mmd.InverseMultiquadratic(randn([400, 8], generator: generator), prior, 1.0).item<float>(), -0.01f, 0.01f);
        Assert.True(Mmd.InverseMultiquadratic(randn([400, 8], generator: generator) + 1, prior, 1.0).item<float>() > 0.1f);
    }

    [Fact]
    public void WeightsComeFromTheRunsSeedEvenWhenModelsAreBuiltInParallel()
    {
        static float[] Weights(long seed) =>
            ModelFamilies.Build(new RunConfig { Training = new() { Seed = seed } }, [1, 28, 28], 10).Networks
                .parameters().First().data<float>().ToArray();
        var parallel = Enumerable.Range(0, 4).AsParallel().Select(_ => Weights(11)).ToArray();
        Assert.All(parallel, weights => Assert.Equal(parallel[0], weights));
        Assert.NotEqual(parallel[0], Weights(12));
    }
}
