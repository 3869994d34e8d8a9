using Aae.Priors;
using static TorchSharp.torch;

namespace Aae.Tests;

[Trait("Category", "Unit")]
public sealed class PriorTests
{
    [Fact]
    public void UmbrellaComponentsSitOnTheCircleAndAreLongAlongTheRadius()
    {
        var prior = new UmbrellaPrior();
        var generator = new Generator(1);
        var component = full([20000], 3, ScalarType.Int64);
        var samples = prior.Sample(component, generator);
        double angle = 2 * Math.PI * 3 / 10;
        var mean = samples.mean([0]).data<float>().ToArray();
        Assert.Equal(2 * Math.Cos(angle), mean[0], 0.02);
        Assert.Equal(2 * Math.Sin(angle), mean[1], 0.02);

        // Spread along the radius is 0.75/√2, across it 0.25/√2.
        var offset = samples - tensor(mean);
        var radial = offset.matmul(tensor(new[] { (float)Math.Cos(angle), (float)Math.Sin(angle) })).std().item<float>();
        var tangent = offset.matmul(tensor(new[] { -(float)Math.Sin(angle), (float)Math.Cos(angle) })).std().item<float>();
        Assert.Equal(0.75 / Math.Sqrt(2), radial, 0.02);
        Assert.Equal(0.25 / Math.Sqrt(2), tangent, 0.01);
    }

    [Theory]
    [InlineData("umbrella", 0.97)]
    [InlineData("swiss-roll", 0.9)]
    public void ComponentOfRecoversTheComponentSamplesCameFrom(string name, double bound)
    {
        IPrior prior = name == "umbrella" ? new UmbrellaPrior() : new SwissRollPrior();
        var generator = new Generator(2);
        var components = randint(10, [5000], dtype: ScalarType.Int64, generator: generator);
        var samples = prior.Sample(components, generator);
        var accuracy = prior.ComponentOf(samples).eq(components).to_type(ScalarType.Float32).mean().item<float>();
        Assert.InRange(accuracy, bound, 1.0);
    }

    [Fact]
    public void GaussianHasZeroMeanAndUnitSpread()
    {
        var samples = new GaussianPrior(2).SampleAnyComponent(20000, new Generator(3));
        Assert.InRange(samples.mean().item<float>(), -0.03f, 0.03f);
        Assert.InRange(samples.std().item<float>(), 0.97f, 1.03f);
    }

    [Fact]
    public void UmbrellaStylePathRunsAlongTheRadius()
    {
        var path = new UmbrellaPrior().ComponentPath(0, 15)!;
        Assert.Equal([15L, 2], path.shape);
        Assert.Equal(1.5, path[0, 0].item<float>(), 1e-5);
        Assert.Equal(3.5, path[14, 0].item<float>(), 1e-5);
        Assert.Equal(0, path[.., 1].abs().max().item<float>(), 1e-5);
    }

    [Fact]
    public void TheScatterLegendNamesEveryComponentOfAMixtureWithMoreModesThanClasses()
    {
        var names = Aae.Visualization.LatentScatterFigure.ComponentNames(new UmbrellaPrior(16, 2, 0.75, 0.25).ComponentCount);
        Assert.Equal(16, names.Count);
        Assert.Equal("mode 15", names[^1]);
        Assert.Equal(["prior"], Aae.Visualization.LatentScatterFigure.ComponentNames(1));
    }

    [Fact]
    [Trait("Category", "Unit")]
    public void TheGaussiansLogDensityIsTheHandComputedOne()
    {
        // log N((1, 2); 0, I) = -(1 + 4)/2 - log 2π; with sd 2: -(0.25 + 1)/2 - 2 log 2 - log 2π.
        using var z = tensor(new float[,] { { 1, 2 } });
        Assert.Equal(-2.5 - Math.Log(2 * Math.PI), new GaussianPrior(2).LogDensity(z).item<float>(), 5);
        Assert.Equal(-0.625 - 2 * Math.Log(2) - Math.Log(2 * Math.PI), new GaussianPrior(2, 2).LogDensity(z).item<float>(), 5);
    }

    [Theory]
    [Trait("Category", "Unit")]
    // A grid step of half the swiss roll's noise still sums a Gaussian to within 1e-6.
    [InlineData("umbrella", 0.025)]
    [InlineData("swiss-roll", 0.025)]
    public void MixtureDensitiesIntegrateToOne(string name, double step)
    {
        IPrior prior = name == "umbrella" ? new UmbrellaPrior() : new SwissRollPrior();
        using var scope = NewDisposeScope();
        var axis = arange(-4.5, 4.5, step, dtype: ScalarType.Float32);
        var grid = stack([axis.repeat_interleave(axis.shape[0]), axis.repeat(axis.shape[0])], 1);
        double total = 0;
        foreach (var part in grid.split(100_000))
            total += prior.LogDensity(part).exp().sum().item<float>() * step * step;
        Assert.InRange(total, 0.99, 1.01);
    }

    [Fact]
    [Trait("Category", "Unit")]
    public void AtAnUmbrellaMeanTheDensityIsThatComponentsPeakOverTen()
    {
        // Component 0's mean is (2, 0); the other components' densities there are negligible.
        using var z = tensor(new float[,] { { 2, 0 } });
        double longSd = 0.75 / Math.Sqrt(2), shortSd = 0.25 / Math.Sqrt(2);
        Assert.Equal(-Math.Log(10 * 2 * Math.PI * longSd * shortSd), new UmbrellaPrior().LogDensity(z).item<float>(), 3);
    }
}
