using Aae.Evaluation;
using static TorchSharp.torch;

namespace Aae.Tests;

[Trait("Category", "Unit")]
public sealed class PcaTests
{
    [Fact]
    public void RandomizedComponentsMatchTheExactSvd()
    {
        // Rank-8 data with decaying variances plus a little noise, shifted away from the origin.
        var generator = new Generator(3);
        var scales = tensor(new float[] { 10, 8, 6, 5, 4, 3, 2, 1.5f });
        var data = randn([400, 8], generator: generator).mul(scales).mm(linalg.qr(randn([60, 8], generator: generator)).Q.t())
                   + 0.01f * randn([400, 60], generator: generator) + 5;
        using var pca = Pca.Fit(data, count: 5, seed: 11, powerIterations: 4);

        var centred = data - data.mean([0]);
        var (_, singular, vh) = linalg.svd(centred, fullMatrices: false);
        var exact = vh[..5];
        var coordinates = pca.Transform(data);
        // The same subspace (projection matrices agree) and the same variances, in falling order.
        var ours = coordinates.t().mm(centred) / coordinates.pow(2).sum([0]).unsqueeze(1);  // rows: our components
        Assert.True((ours.t().mm(ours) - exact.t().mm(exact)).abs().max().item<float>() < 1e-3f);
        var variances = coordinates.pow(2).sum([0]);
        var expected = singular[..5].pow(2);
        Assert.True(((variances - expected).abs() / expected).max().item<float>() < 1e-4f);
        Assert.True(coordinates.mean([0]).abs().max().item<float>() < 1e-3f);
        Assert.Equal(5, pca.Components);
    }

    [Fact]
    public void MoreComponentsThanTheDataHoldIsRefused()
    {
        using var data = randn([20, 6]);
        Assert.Throws<ArgumentException>(() => Pca.Fit(data, count: 7, seed: 0));
    }
}
