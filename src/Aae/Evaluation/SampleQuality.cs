using Aae.Data;
using Aae.Families;
using Aae.Priors;
using static TorchSharp.torch;

namespace Aae.Evaluation;

/// <summary>
/// How close an RGB model's samples and reconstructions come to real held-out images: Fréchet
/// distances in ResNet-18 features (<see cref="ResNet18Features"/>; not the Inception FID of the
/// papers). Beside them the floor, real training images against the same held-out ones (what a
/// perfect model would score at this sample size), and two ceilings: the mean training image for
/// every image, and the held-out images blurred (what "blotchy" and "smooth" cost).
/// </summary>
public static class SampleQuality
{
    /// <summary>Images per set: the distances are biased upwards at small N, so every set of a run has the same size.</summary>
    public const int DefaultCount = 1000;

    public static bool Applies(ImageDataset data) => data.Channels == 3 && Directory.Exists(ResNet18Features.DefaultFolder);

    public static void AddTo(Metrics metrics, ModelFamily model, ImageDataset train, ImageDataset heldOut, Tensor heldOutCodes, long seed,
        int count = DefaultCount)
    {
        using var scope = NewDisposeScope();
        using var features = new ResNet18Features();
        var generator = new Generator((ulong)seed + 104_729);
        int n = Math.Min(count, heldOut.Count);
        var heldOutIndices = randperm(heldOut.Count, generator: generator)[..n];
        var trainIndices = randperm(train.Count, generator: generator)[..Math.Min(n, train.Count)];
        var real = heldOut.FloatImages(heldOutIndices);
        var realMoments = FrechetDistance.Moments(features.Of(real));

        double To(Tensor images) => FrechetDistance.Of(FrechetDistance.Moments(features.Of(images)), realMoments);

        metrics.Add("fd_floor", To(train.FloatImages(trainIndices)));
        metrics.Add("fd_samples", To(Encoding.DecodeDraws(model, model.Prior.SampleAnyComponent(n, generator))));
        metrics.Add("fd_reconstructions", To(Encoding.Decode(model, heldOutCodes.index_select(0, heldOutIndices),
            heldOut.Labels.index_select(0, heldOutIndices))));
        metrics.Add("fd_blurred", To(Blur(real)));
        var meanImage = train.FloatImages(trainIndices).mean([0], keepdim: true);
        metrics.Add("fd_mean_image", To(meanImage.expand(2, -1, -1, -1)));
    }

    /// <summary>A 5 x 5 box blur at 64 x 64 (about what a blotch-free, detail-free decoder gives).</summary>
    static Tensor Blur(Tensor images) =>
        nn.functional.avg_pool2d(nn.functional.pad(images, [2, 2, 2, 2], PaddingModes.Replicate), 5, stride: 1);
}
