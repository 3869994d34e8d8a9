using Aae.Config;
using Aae.Data;
using Aae.Families;
using Aae.Families.Aae;
using Aae.Families.IdentityAae;
using Aae.Runs;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>The identity model's style adversary (--style-adversary): the judge, the encoder's side of it, and its place in checkpoints.</summary>
[Trait("Category", "Unit")]
public sealed class StyleJudgeTests
{
    static StyleJudge LinearJudge(int styleSize, float[] weights)
    {
        var judge = new StyleJudge(new NetworkSettings { DiscriminatorHidden = [] }, styleSize, 1e-3, 0.5);
        using (no_grad())
        {
            judge.parameters().First(p => p.dim() == 2).copy_(tensor(weights).view(1, -1));
            judge.parameters().First(p => p.dim() == 1).zero_();
        }
        return judge;
    }

    static double Unsure(double logit) => 0.5 * (Math.Log(1 + Math.Exp(logit)) + Math.Log(1 + Math.Exp(-logit))) - Math.Log(2);

    [Fact]
    public void TheEncodersSideIsZeroWhenTheJudgeIsUnsureAndMatchesAHandComputedCase()
    {
        // 1-d styles; the judge's logit is |a - b| (features [|a - b|, a·b], weights [1, 0]).
        using var judge = LinearJudge(1, [1, 0]);
        var styles = tensor(new float[] { 1, 2, 3 }).view(3, 1);
        var partners = tensor(new float[] { 1, 2, 0 }).view(3, 1);
        var people = tensor(new long[] { 0, 0, 1 });
        var repeated = tensor(new[] { true, true, true });
        // Same-person pairs: |1-1|, |2-2|, |3-0| = 0, 0, 3. Against the previous position's partner
        // (0, 1, 2): positions 0 (people 0, 1) and 2 (1, 0) are two people, logits 1 and 1; position 1 is one person.
        double expected = 0.5 * ((Unsure(0) + Unsure(0) + Unsure(3)) / 3 + (Unsure(1) + Unsure(1)) / 2);
        Assert.Equal(expected, judge.Confusion(styles, partners, people, repeated).item<float>(), 5);

        using var unsure = LinearJudge(1, [0, 0]);
        Assert.Equal(0, unsure.Confusion(styles, partners, people, repeated).item<float>(), 6);
        // Its own loss is then a coin's: log 2 on each kind of pair.
        Assert.Equal(2 * Math.Log(2), unsure.Learn(styles, partners, people, repeated).item<float>(), 5);
    }

    [Fact]
    public void TheJudgeLearnsToFindThePersonAndOnlyTheStylesLearnFromItsConfusion()
    {
        manual_seed(11);
        var people = tensor(Enumerable.Range(0, 32).Select(i => (long)(i / 2)).ToArray());  // 16 people, two positions each
        var faces = randn(16, 8);
        var repeated = ones(32, dtype: ScalarType.Bool);
        Tensor StylesOf() => faces.index_select(0, people) + 0.3f * randn(32, 8);
        using var judge = new StyleJudge(new NetworkSettings { DiscriminatorHidden = [64] }, 8, 1e-2, 0.5);
        // Shuffled positions each step, so the previous position is another person most of the time.
        float first = 0, last = 0;
        for (int step = 0; step < 300; step++)
        {
            var order = randperm(32);
            var loss = judge.Learn(StylesOf().index_select(0, order), StylesOf().index_select(0, order), people.index_select(0, order), repeated).item<float>();
            if (step == 0) first = loss;
            last = loss;
        }
        Assert.True(last < 0.4 * first, $"judge loss {first} -> {last}");

        judge.Optimizer.zero_grad();
        var styles = StylesOf().requires_grad_(true);
        var confusion = judge.Confusion(styles, StylesOf(), people, repeated);
        Assert.True(confusion.item<float>() > 0.05, $"confusion {confusion.item<float>()}");
        confusion.backward();
        Assert.True(styles.grad!.abs().sum().item<float>() > 0);
        Assert.All(judge.parameters(), p => Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0));
    }

    [Fact]
    public void WithTheAdversaryTheJudgeTrainsInTheStepAndIsSavedWithTheRun()
    {
        IdentityAaeFamily Build(double adversary) => (IdentityAaeFamily)ModelFamilies.Build(new RunConfig
        {
            Networks = new() { EncoderHidden = [32], DecoderHidden = [32], DiscriminatorHidden = [16] },
            Prior = new() { LatentSize = 6 },
            Family = new IdentityAaeOptions { IdentitySize = 2, StyleAdversary = adversary },
        }, [1, 28, 28], 4);
        var images = randint(0, 256, [8, 1, 28, 28], dtype: ScalarType.Byte);
        var people = tensor(new long[] { 0, 0, 1, 1, 2, 2, 3, 3 });
        using var train = new ImageDataset(images, people, ["a", "b", "c", "d"]);

        using var plain = Build(0);
        Assert.IsType<AaeNetworks>(plain.Networks);
        Assert.Equal(3, plain.Optimizers.Count);

        using var judged = Build(1);
        Assert.Equal(4, judged.Optimizers.Count);
        var keys = judged.Networks.state_dict().Keys.Select(k => k.Split('.')[0]).Distinct().Order().ToArray();
        Assert.Equal(["decoder", "discriminator", "encoder", "judge"], keys);
        judged.SetUp(new FamilySetUp(null, train, null, train, 0));
        var losses = judged.Step(train.FloatImages(arange(8)), people, new Generator(2));
        Assert.Contains("judge_loss", losses.Names);
        Assert.Contains("style_confusion", losses.Names);

        var path = Path.Combine(TestData.NewFolder("aae-judge"), "latest.pt");
        Checkpoint.Save(path, 1, judged.Networks, judged.Optimizers);
        using var loaded = Build(1);
        Checkpoint.Load(path, loaded.Networks, loaded.Optimizers);
        foreach (var (name, value) in judged.Networks.state_dict())
            Assert.True(value.eq(loaded.Networks.state_dict()[name]).all().item<bool>(), name);
    }
}
