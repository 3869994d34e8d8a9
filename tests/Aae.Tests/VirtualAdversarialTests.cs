using Aae.Families.CategoricalAae;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aae.Tests;

[Trait("Category", "Unit")]
public sealed class VirtualAdversarialTests
{
    [Fact]
    public void TheVirtualAdversarialMoveChangesTheCategoriesFarMoreThanARandomMoveOfTheSameLength()
    {
        // A linear 784 -> 10 classifier: only a 10-d subspace of the pixels matters, so a random
        // move mostly misses it; the power iteration should find it.
        manual_seed(5);
        using var layer = nn.Linear(784, 10);
        Tensor LogitsOf(Tensor x) => layer.forward(x.flatten(1));
        var images = rand(64, 1, 28, 28);
        var probabilities = softmax(LogitsOf(images), 1).detach();
        const float epsilon = 2;

        var adversarial = VirtualAdversarialPerturbation.Loss(LogitsOf, images, probabilities, epsilon, new Generator(1)).item<float>();
        var direction = randn(images.shape, generator: new Generator(2));
        direction /= direction.flatten(1).square().sum(1).sqrt().view(-1, 1, 1, 1);
        var moved = log_softmax(LogitsOf(images + epsilon * direction), 1);
        var random = (probabilities * (probabilities.log() - moved)).sum(1).mean().item<float>();

        Assert.True(adversarial > 10 * random, $"adversarial {adversarial}, random {random}");
        Assert.True(random > 0);
    }

    [Fact]
    public void PerImageLengthsEqualToEpsilonGiveTheFixedLengthLoss()
    {
        manual_seed(6);
        using var layer = nn.Linear(784, 10);
        Tensor LogitsOf(Tensor x) => layer.forward(x.flatten(1));
        var images = rand(16, 1, 28, 28);
        var probabilities = softmax(LogitsOf(images), 1).detach();
        var fixedLength = VirtualAdversarialPerturbation.Loss(LogitsOf, images, probabilities, 2, new Generator(1)).item<float>();
        var perImage = VirtualAdversarialPerturbation.Loss(LogitsOf, images, probabilities, 99, new Generator(1), full(16, 2f)).item<float>();
        var shorter = VirtualAdversarialPerturbation.Loss(LogitsOf, images, probabilities, 99, new Generator(1), full(16, 0.5f)).item<float>();
        Assert.Equal(fixedLength, perImage, 1e-6);
        Assert.True(shorter < fixedLength / 4, $"length 0.5: {shorter}, length 2: {fixedLength}");
    }

    [Fact]
    public void TheNeighbourRadiusIsTheDistanceToTheNearestReferenceOtherThanItself()
    {
        // 20 training images of 1x2 pixels: the references are every 10th, images 0 (0, 0) and 10 (1, 1).
        var pixels = new byte[40];
        pixels[20] = pixels[21] = 255;
        using var train = new Aae.Data.ImageDataset(tensor(pixels).view(20, 1, 1, 2), zeros(20, dtype: ScalarType.Int64), ["x"]);
        using var radius = new NeighbourRadius(train);
        var queries = tensor(new float[] { 0, 0, 1, 0, 3, 0 }).view(3, 1, 1, 2);
        var distances = radius.Of(queries).data<float>().ToArray();
        // (0, 0) is reference 0 itself, so its nearest other is (1, 1): √2; (1, 0) is 1 from both;
        // (3, 0) is 3 from (0, 0) and √5 from (1, 1).
        Assert.Equal(Math.Sqrt(2), distances[0], 1e-5);
        Assert.Equal(1, distances[1], 1e-5);
        Assert.Equal(Math.Sqrt(5), distances[2], 1e-5);
    }
}
