using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Aae.Networks;

/// <summary>
/// The pixel specialist for 32x32 RGB images: three VGG-style blocks of two 3x3 convolutions with
/// batch norm and ReLU, each followed by 2x2 max-pooling (32 → 16 → 8 → 4 pixels, W, 2W, 4W channels),
/// then dropout and two linear layers. About 39 M multiply-adds per image at W = 32.
/// </summary>
public sealed class CifarCnn : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> features;
    private readonly Module<Tensor, Tensor> classifier;

    public CifarCnn(int classes, int width = 32) : base(nameof(CifarCnn))
    {
        features = Sequential(
            ("block0", Block(3, width)),
            ("block1", Block(width, 2 * width)),
            ("block2", Block(2 * width, 4 * width)));
        classifier = Sequential(
            ("flatten", Flatten()),
            ("drop0", Dropout(0.3)),
            ("linear0", Linear(4 * width * 4 * 4, 256)),
            ("act", ReLU()),
            ("drop1", Dropout(0.3)),
            ("linear1", Linear(256, classes)));
        RegisterComponents();
    }

    static Module<Tensor, Tensor> Block(int input, int output) => Sequential(
        ("conv0", Conv2d(input, output, 3, padding: 1, bias: false)),
        ("norm0", BatchNorm2d(output)),
        ("act0", ReLU()),
        ("conv1", Conv2d(output, output, 3, padding: 1, bias: false)),
        ("norm1", BatchNorm2d(output)),
        ("act1", ReLU()),
        ("pool", MaxPool2d(2)));

    /// <summary>Class logits [N, classes] for images [N, 3, 32, 32] in [0, 1].</summary>
    public override Tensor forward(Tensor images)
    {
        using var maps = features.call(images);
        return classifier.call(maps);
    }
}
