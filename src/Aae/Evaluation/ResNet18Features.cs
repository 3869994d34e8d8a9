using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace Aae.Evaluation;

/// <summary>
/// The 512-d globally pooled features of the ImageNet-trained ResNet-18 that the NuGet package
/// Microsoft.ML.DnnImageFeaturizer.ResNet18 ships as ONNX (MIT), run with ONNX Runtime: images are
/// resized to 224 x 224, scaled to 0-255 and passed through the package's own preprocessing (RGB to
/// BGR, minus its mean image). For Fréchet distances of RGB images: not the Inception network of
/// the papers' FID, so its numbers compare only with each other.
/// </summary>
public sealed class ResNet18Features : IDisposable
{
    public const int Width = 512;
    const int Side = 224;

    readonly InferenceSession preprocess, network;

    /// <summary>Where the package's build step copies the models: DnnImageModels/ beside the assemblies.</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "DnnImageModels");

    public ResNet18Features(string? folder = null, int threads = 2)
    {
        folder ??= DefaultFolder;
        var prep = Path.Combine(folder, "ResNetPrepOnnx", "ResNetPreprocess.onnx");
        var resnet = Path.Combine(folder, "ResNet18Onnx", "ResNet18.onnx");
        foreach (var file in new[] { prep, resnet })
            if (!File.Exists(file)) throw new AaeException($"{file}: missing (the package Microsoft.ML.DnnImageFeaturizer.ResNet18 puts it there)");
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        preprocess = new InferenceSession(prep, options);
        network = new InferenceSession(resnet, options);
    }

    /// <summary>Features [N, 512] (float32) of <paramref name="images"/> [N, 3, H, W] with pixels in [0, 1].</summary>
    public Tensor Of(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != 3) throw new ArgumentException($"RGB images [N, 3, H, W] expected, got [{string.Join(", ", images.shape)}]");
        long count = images.shape[0];
        var features = new float[count * Width];
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            for (long i = 0; i < count; i++)
            {
                var image = nn.functional.interpolate(images.narrow(0, i, 1).to(ScalarType.Float32), [Side, Side], mode: InterpolationMode.Bilinear, align_corners: false);
                var pixels = (image.clamp(0, 1) * 255).contiguous().data<float>().ToArray();
                var row = Run(network, Run(preprocess, pixels, [1, 3, Side, Side]), [1, 3, Side, Side]);
                Array.Copy(row, 0, features, i * Width, Width);
            }
        }
        return tensor(features, [count, Width]);
    }

    static float[] Run(InferenceSession session, float[] input, int[] shape)
    {
        var name = session.InputMetadata.Keys.Single();
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(name, new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(input, shape))]);
        return results.Single().AsEnumerable<float>().ToArray();
    }

    public void Dispose()
    {
        preprocess.Dispose();
        network.Dispose();
    }
}
