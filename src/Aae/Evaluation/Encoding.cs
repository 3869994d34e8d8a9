using Aae.Data;
using Aae.Models;
using static TorchSharp.torch;

namespace Aae.Evaluation;

/// <summary>Runs a trained model over a whole dataset in evaluation mode, in batches.</summary>
public static class Encoding
{
    const int BatchSize = 1000;

    /// <summary>Codes of every image, [N, latent].</summary>
    public static Tensor Encode(AdversarialAutoencoder model, ImageDataset data)
    {
        model.eval();
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        for (int start = 0; start < data.Count; start += BatchSize)
        {
            using var scope = NewDisposeScope();
            using var indices = arange(start, Math.Min(data.Count, start + BatchSize), dtype: ScalarType.Int64);
            parts.Add(model.Encoder.forward(data.FloatImages(indices)).MoveToOuterDisposeScope());
        }
        var codes = cat(parts, 0);
        foreach (var part in parts) part.Dispose();
        return codes;
    }

    /// <summary>Mean per-pixel squared error between the images and the decodes of their codes.</summary>
    public static double ReconstructionMse(AdversarialAutoencoder model, ImageDataset data, Tensor codes)
    {
        model.eval();
        using var noGrad = no_grad();
        double sum = 0;
        for (int start = 0; start < data.Count; start += BatchSize)
        {
            using var scope = NewDisposeScope();
            int end = Math.Min(data.Count, start + BatchSize);
            var images = data.FloatImages(arange(start, end, dtype: ScalarType.Int64));
            var decoded = model.Decoder.forward(codes[start..end]);
            sum += (decoded - images).square().sum().ToDouble();
        }
        return sum / ((double)data.Count * data.PixelCount);
    }

    /// <summary>Decodes codes [N, latent] into images [N, C, H, W].</summary>
    public static Tensor Decode(AdversarialAutoencoder model, Tensor codes)
    {
        model.eval();
        using var noGrad = no_grad();
        return model.Decoder.forward(codes);
    }
}
