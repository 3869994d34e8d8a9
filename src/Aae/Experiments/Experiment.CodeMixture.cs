using Aae.Evaluation;
using Aae.Visualization;
using static TorchSharp.torch;

namespace Aae.Experiments;

/// <summary>Sampling where the encoder put its codes rather than from the prior.</summary>
public sealed partial class Experiment
{
    /// <summary>The RAE paper's choice (Ghosh et al. 2020): 10 components.</summary>
    public const int CodeMixtureComponents = 10;

    /// <summary>A Gaussian mixture fitted to the training images' codes, seeded.</summary>
    public GaussianMixture FitCodeMixture(long seed, int components = CodeMixtureComponents)
    {
        using var scope = NewDisposeScope();
        if (Family.Prior.Dimensions > 1024)
            throw new AaeException($"{Run.Path}: a mixture of full-covariance Gaussians is not fitted to codes of {Family.Prior.Dimensions} dimensions (at most 1024)");
        return GaussianMixture.Fit(Encoding.Encode(Family, TrainImages), components, seed);
    }

    /// <summary>Draws of the training codes' mixture, decoded into a grid (`aae sample --from codes-gmm`).</summary>
    public void SaveCodeMixtureSamples(string path, int count, long seed)
    {
        using var scope = NewDisposeScope();
        using var mixture = FitCodeMixture(seed);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        SamplesFigure.Save(path, Family, mixture.Sample(count, new Generator((ulong)seed)));
    }
}
