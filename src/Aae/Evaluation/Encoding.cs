using Aae.Data;
using Aae.Families;
using Aae.Training;
using static TorchSharp.torch;

namespace Aae.Evaluation;

/// <summary>Runs a trained model over a whole dataset in evaluation mode, in batches.</summary>
public static class Encoding
{
    /// <summary>
    /// Images per inference batch. Small images go 1000 at a time; a 64x64 RGB image's conv
    /// activations take about 0.5 MB, so 1000 of them (0.5 GB per layer) would be mapped and unmapped
    /// by glibc on every batch (its mmap threshold tops out at 32 MB): 40% of the time went to page
    /// faults. 32 images, the faces training batch, keep every activation in the reused heap.
    /// </summary>
    public static int BatchSize(int pixelsPerImage) => pixelsPerImage > 4096 ? 32 : 1000;

    /// <summary>Codes of every image, [N, latent].</summary>
    public static Tensor Encode(ModelFamily model, ImageDataset data) => Map(model, data, model.Encode);

    /// <summary><paramref name="perBatch"/> over every image in evaluation mode, in batches; the rows joined.</summary>
    public static Tensor Map(ModelFamily model, ImageDataset data, Func<Tensor, Tensor> perBatch)
    {
        model.Networks.eval();
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        int batch = BatchSize(data.PixelCount);
        using var guard = GcSafePoints.Enter();
        for (int start = 0; start < data.Count; start += batch)
        {
            guard.Reached();
            using var scope = NewDisposeScope();
            using var indices = arange(start, Math.Min(data.Count, start + batch), dtype: ScalarType.Int64);
            parts.Add(perBatch(data.FloatImages(indices)).MoveToOuterDisposeScope());
        }
        var rows = cat(parts, 0);
        foreach (var part in parts) part.Dispose();
        return rows;
    }

    /// <summary>Mean per-pixel squared error between the images and the decodes of their codes (with their labels, for a supervised decoder).</summary>
    public static double ReconstructionMse(ModelFamily model, ImageDataset data, Tensor codes)
    {
        model.Networks.eval();
        using var noGrad = no_grad();
        double sum = 0;
        int batch = BatchSize(data.PixelCount);
        using var guard = GcSafePoints.Enter();
        for (int start = 0; start < data.Count; start += batch)
        {
            guard.Reached();
            using var scope = NewDisposeScope();
            int end = Math.Min(data.Count, start + batch);
            var images = data.FloatImages(arange(start, end, dtype: ScalarType.Int64));
            var decoded = model.Decode(codes[start..end], ClassesFor(model, data.Labels[start..end]));
            sum += (decoded - images).square().sum().ToDouble();
        }
        return sum / ((double)data.Count * data.PixelCount);
    }

    /// <summary>Decodes codes [N, latent] (with int64 classes [N] for a supervised decoder) into images [N, C, H, W].</summary>
    public static Tensor Decode(ModelFamily model, Tensor codes, Tensor? classes = null)
    {
        model.Networks.eval();
        using var noGrad = no_grad();
        return model.Decode(codes, ClassesFor(model, classes));
    }

    /// <summary>
    /// Decodes prior draws: a supervised decoder gets the classes 0, 1, 2, ... in turn, so a grid with
    /// one column per class shows each class.
    /// </summary>
    public static Tensor DecodeDraws(ModelFamily model, Tensor codes)
    {
        var classes = model.DecoderClasses() > 0 ? arange(codes.shape[0], dtype: ScalarType.Int64) % model.DecoderClasses() : null;
        return Decode(model, codes, classes);
    }

    /// <summary>The discriminator's probability of "from the prior" for each code.</summary>
    public static double[] DiscriminatorProbabilities(ModelFamily model, Tensor codes, Tensor? classes = null)
    {
        var discriminator = model as ICodeDiscriminator ?? throw new AaeException("this model family has no discriminator");
        using var scope = NewDisposeScope();
        model.Networks.eval();
        using var noGrad = no_grad();
        return discriminator.ScoreCodes(codes, classes).to_type(ScalarType.Float64).data<double>().ToArray();
    }

    static Tensor? ClassesFor(ModelFamily model, Tensor? classes) => model.DecoderClasses() > 0 ? classes : null;
}
