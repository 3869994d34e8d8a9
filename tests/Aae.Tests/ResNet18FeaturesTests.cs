using Xunit.Abstractions;
using Aae.Data;
using Aae.Evaluation;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>The ResNet-18 features on real LFW faces: a Fréchet distance that tells real faces from blurred ones and from the mean face.</summary>
public sealed class ResNet18FeaturesTests(ITestOutputHelper log)
{
    [Fact]
    public void RealFacesAreNearerToRealFacesThanBlurredOrMeanFacesAre()
    {
        var folder = TestData.LfwSlice(160);
        var files = Directory.GetFiles(folder, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        using var faces = ImageFiles.Load(files, 64);
        using var scope = NewDisposeScope();
        var images = faces.Images.to(ScalarType.Float32) / 255;
        var (first, second) = (images[..80], images[80..160]);
        var blurred = nn.functional.interpolate(nn.functional.avg_pool2d(second, 8), [64, 64], mode: InterpolationMode.Bilinear);
        var mean = second.mean([0], keepdim: true).expand(80, -1, -1, -1) + 0.01 * randn([80, 3, 64, 64], generator: new Generator(1));

        using var resnet = new ResNet18Features();
        var real = resnet.Of(first);
        Assert.Equal([80L, ResNet18Features.Width], real.shape);
        Assert.True(real.isfinite().all().item<bool>() && real.min().item<float>() >= 0, "pooled ReLU features are finite and non-negative");
        Assert.True(resnet.Of(first[..4]).allclose(real[..4], rtol: 1e-4, atol: 1e-5), "the same image gives the same features");

        double floor = FrechetDistance.Of(real, resnet.Of(second));
        double blur = FrechetDistance.Of(real, resnet.Of(blurred));
        double meanFace = FrechetDistance.Of(real, resnet.Of(mean.clamp(0, 1)));
        log.WriteLine($"FD to 80 real faces: 80 other real faces {floor:F1}, blurred {blur:F1}, mean face {meanFace:F1}");
        Assert.True(floor < blur / 2 && floor < meanFace / 2, $"real {floor:F1}, blurred {blur:F1}, mean face {meanFace:F1}");
    }
}
