using Aae.Config;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aae.Data;

/// <summary>
/// Straightens slanted handwriting: each image is sheared so that its ink's rows and columns are
/// uncorrelated, and moved so that its centre of mass is the image's centre (LeCun's "deskewing";
/// no labels involved). Slant is the style that most blurs 4 into 9 and 3 into 5.
/// </summary>
public static class Deskew
{
    /// <summary>
    /// <paramref name="data"/> straightened when <paramref name="settings"/> ask for it (--deskew), else
    /// itself; the images it had are freed, the labels shared.
    /// </summary>
    public static ImageDataset IfAsked(ImageDataset data, DataSettings settings)
    {
        if (!settings.Deskew) return data;
        if (data.Channels != 1)
            throw new AaeException($"--deskew straightens single-channel images (handwriting); {settings.Dataset} has {data.Channels} channels");
        var straightened = new ImageDataset(Apply(data.Images), data.Labels, data.ClassNames);
        data.Images.Dispose();
        return straightened;
    }

    /// <summary>Images [N, 1, H, W] (uint8) straightened, as uint8.</summary>
    public static Tensor Apply(Tensor images)
    {
        using var scope = NewDisposeScope();
        long n = images.shape[0], height = images.shape[2], width = images.shape[3];
        var ink = images.to_type(ScalarType.Float32).div_(255f).squeeze(1);  // [N, H, W]
        var rows = arange(height, dtype: ScalarType.Float32).view(1, height, 1);
        var columns = arange(width, dtype: ScalarType.Float32).view(1, 1, width);
        var mass = ink.sum([1, 2]).clamp_min(1e-6);
        var meanRow = (ink * rows).sum([1, 2]) / mass;
        var meanColumn = (ink * columns).sum([1, 2]) / mass;
        var rowOffset = rows - meanRow.view(n, 1, 1);
        var columnOffset = columns - meanColumn.view(n, 1, 1);
        var rowVariance = (ink * rowOffset.square()).sum([1, 2]) / mass;
        var covariance = (ink * rowOffset * columnOffset).sum([1, 2]) / mass;
        var slant = (covariance / rowVariance.clamp_min(1e-6)).view(n, 1, 1);
        // Output pixel (i, j) reads the input at row i + (mean row - centre) and column
        // j + slant * (i - centre) + (mean column - centre).
        double centreRow = (height - 1) / 2.0, centreColumn = (width - 1) / 2.0;
        var sourceRow = rows + (meanRow.view(n, 1, 1) - centreRow);
        var sourceColumn = columns + slant * (rows - centreRow) + (meanColumn.view(n, 1, 1) - centreColumn);
        var grid = stack([sourceColumn.expand(n, height, width) / ((width - 1) / 2.0) - 1,
                          sourceRow.expand(n, height, width) / ((height - 1) / 2.0) - 1], 3);
        var straightened = grid_sample(ink.unsqueeze(1), grid, align_corners: true);
        return straightened.mul_(255f).round_().clamp_(0, 255).to_type(ScalarType.Byte).MoveToOuterDisposeScope();
    }
}
