using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aae.Training;

/// <summary>Moves each image of a batch by its own random whole-pixel offset, filling with zeros (MNIST's background).</summary>
public static class RandomShift
{
    /// <param name="images">[N, C, H, W].</param>
    /// <param name="maxShift">Largest offset in pixels, up, down, left or right.</param>
    public static Tensor Apply(Tensor images, int maxShift, Generator generator)
    {
        if (maxShift == 0) return images;
        using var scope = NewDisposeScope();
        long n = images.shape[0], channels = images.shape[1], height = images.shape[2], width = images.shape[3];
        var padded = pad(images, [maxShift, maxShift, maxShift, maxShift]);
        var offsets = randint(2 * maxShift + 1, [n, 2], dtype: ScalarType.Int64, generator: generator);
        // Two gathers cut every image's window at once: its rows, then its columns.
        var rows = (offsets.narrow(1, 0, 1) + arange(height, dtype: ScalarType.Int64)).view(n, 1, height, 1)
            .expand(n, channels, height, width + 2 * maxShift);
        var columns = (offsets.narrow(1, 1, 1) + arange(width, dtype: ScalarType.Int64)).view(n, 1, 1, width)
            .expand(n, channels, height, width);
        return padded.gather(2, rows).gather(3, columns).MoveToOuterDisposeScope();
    }
}
