using Aae.Data;
using static TorchSharp.torch;

namespace Aae.Families.CategoricalAae;

/// <summary>
/// Each image's distance to its nearest neighbour among reference images, every 10th training
/// image: about its 10th nearest among all of them, the radius IMSAT (Hu et al. 2017) scales each
/// image's virtual adversarial move by, so that a move stays inside its own neighbourhood.
/// </summary>
public sealed class NeighbourRadius : IDisposable
{
    /// <summary>Every how many training images one is a reference.</summary>
    public const int Every = 10;

    // An image among the references finds itself at about 0 (rounding in the product form below);
    // distinct MNIST images are 2 or more apart.
    const float Self = 0.5f;

    readonly Tensor references;       // [M, pixels]
    readonly Tensor referenceSquares; // [M]: each reference's squared length

    public NeighbourRadius(ImageDataset train)
    {
        using var indices = arange(0, train.Count, Every, dtype: ScalarType.Int64);
        references = train.FloatImages(indices).flatten(1);
        referenceSquares = references.square().sum(1);
    }

    /// <summary>The distance [N] of each image [N, ...] to its nearest reference other than itself.</summary>
    public Tensor Of(Tensor images)
    {
        using var scope = NewDisposeScope();
        var flat = images.flatten(1);
        // ‖a − b‖² = ‖a‖² + ‖b‖² − 2 a·b: one matrix product for the whole batch.
        var squared = (flat.square().sum(1, keepdim: true) + referenceSquares - 2 * flat.mm(references.t())).clamp_min(0);
        squared = squared.masked_fill(squared < Self * Self, float.PositiveInfinity);
        return squared.min(1).values.sqrt().MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        references.Dispose();
        referenceSquares.Dispose();
    }
}
