using static TorchSharp.torch;

namespace Aae.Training;

/// <summary>The usual CIFAR augmentation: random crops of the image padded by 4 pixels, and random horizontal flips.</summary>
public static class Augmentation
{
    public static Tensor CropAndFlip(Tensor images, Generator generator, int padding = 4)
    {
        using var scope = NewDisposeScope();
        long n = images.shape[0], height = images.shape[2], width = images.shape[3];
        var padded = nn.functional.pad(images, [padding, padding, padding, padding], PaddingModes.Reflect);
        var offsets = randint(2 * padding + 1, [n, 2], dtype: ScalarType.Int64, generator: generator).data<long>().ToArray();
        var flips = rand([n], generator: generator).lt(0.5).data<bool>().ToArray();
        var crops = new Tensor[n];
        for (int i = 0; i < n; i++)
        {
            var crop = padded[i, .., (int)offsets[2 * i]..(int)(offsets[2 * i] + height), (int)offsets[2 * i + 1]..(int)(offsets[2 * i + 1] + width)];
            crops[i] = flips[i] ? crop.flip(2) : crop;
        }
        return stack(crops).MoveToOuterDisposeScope();
    }
}
