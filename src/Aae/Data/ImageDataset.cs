using static TorchSharp.torch;

namespace Aae.Data;

/// <summary>
/// A labelled image set held as one uint8 tensor [N, C, H, W] on the CPU; batches are cut from it
/// with index_select and only then turned into floats.
/// </summary>
public sealed class ImageDataset(Tensor images, Tensor labels, IReadOnlyList<string> classNames) : IDisposable
{
    public Tensor Images { get; } = images;
    public Tensor Labels { get; } = labels;
    public IReadOnlyList<string> ClassNames { get; } = classNames;

    public int Count => (int)Images.shape[0];
    public int Channels => (int)Images.shape[1];
    public int Height => (int)Images.shape[2];
    public int Width => (int)Images.shape[3];
    public int PixelCount => Channels * Height * Width;

    /// <summary>The first <paramref name="count"/> images (all when count is null or larger).</summary>
    public ImageDataset Take(int? count)
    {
        if (count is null || count >= Count) return this;
        return new ImageDataset(Images[..count.Value], Labels[..count.Value], ClassNames);
    }

    /// <summary>The images (and labels) at <paramref name="indices"/> (int64), copied.</summary>
    public ImageDataset Select(Tensor indices) =>
        new(Images.index_select(0, indices), Labels.index_select(0, indices), ClassNames);

    /// <summary>The labels as an array.</summary>
    public int[] LabelArray()
    {
        using var labels = Labels.to_type(ScalarType.Int32);
        return labels.data<int>().ToArray();
    }

    /// <summary>Images at <paramref name="indices"/> as floats in [0, 1].</summary>
    public Tensor FloatImages(Tensor indices)
    {
        using var bytes = Images.index_select(0, indices);
        return bytes.to_type(ScalarType.Float32).div_(255f);
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
