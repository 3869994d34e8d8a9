using Aae.Families.CategoricalAae;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aae.Tests;

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
}
