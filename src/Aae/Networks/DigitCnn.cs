using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Aae.Networks;

/// <summary>
/// A small classifier of 28x28 grey images (MNIST, Fashion-MNIST) whose 128-d penultimate layer
/// serves as the feature space of Fréchet distances and precision/recall: two 3x3 convolutions
/// (32, 64 channels) each followed by 2x2 max-pooling, then 128 ReLU units and the class logits.
/// About 8.5 M multiply-adds per image.
/// </summary>
public sealed class DigitCnn : Module<Tensor, Tensor>
{
    public const int FeatureWidth = 128;

    private readonly Module<Tensor, Tensor> features;
    private readonly Module<Tensor, Tensor> classifier;

    public DigitCnn(int classes) : base(nameof(DigitCnn))
    {
        features = Sequential(
            ("conv0", Conv2d(1, 32, 3, padding: 1)),
            ("act0", ReLU()),
            ("pool0", MaxPool2d(2)),
            ("conv1", Conv2d(32, 64, 3, padding: 1)),
            ("act1", ReLU()),
            ("pool1", MaxPool2d(2)),
            ("flatten", Flatten()),
            ("linear0", Linear(64 * 7 * 7, FeatureWidth)),
            ("act2", ReLU()));
        classifier = Linear(FeatureWidth, classes);
        RegisterComponents();
    }

    /// <summary>The penultimate layer [N, 128] of images [N, 1, 28, 28] in [0, 1].</summary>
    public Tensor Features(Tensor images) => features.call(images);

    /// <summary>Class logits [N, classes].</summary>
    public override Tensor forward(Tensor images)
    {
        using var hidden = features.call(images);
        return classifier.call(hidden);
    }
}
