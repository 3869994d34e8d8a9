using Aae.Config;
using Aae.Families;
using Aae.Runs;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>
/// Loading a model changes nothing process-wide (threads, oneDNN are the entry point's): two runs
/// with different settings, an MLP on 1 thread and a narrow conv64 network (which needs oneDNN
/// off) on 2, loaded into one process in either order, each give what they give alone.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ProcessIsolationTests : IDisposable
{
    readonly string folder = TestData.NewFolder("aae-isolation");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void TwoModelsWithDifferentSettingsGiveInOneProcessWhatEachGivesAlone()
    {
        var mlp = Run("mlp", Settings("mnist-gaussian", threads: 1), [1, 28, 28], 10);
        var conv = Run("conv", Settings("lfw-faces", threads: 2, features: 4), [3, 64, 64], 0);
        int threads = get_num_threads();

        var mlpAlone = Outputs(mlp);
        var convAlone = Outputs(conv);
        Assert.Equal(threads, get_num_threads());

        using (var first = TrainedModel.Load(mlp, untrainedSeed: 3))
        using (var second = TrainedModel.Load(conv, untrainedSeed: 3))
        {
            Assert.Equal(threads, get_num_threads());
            Assert.Equal(convAlone, Outputs(second));
            Assert.Equal(mlpAlone, Outputs(first));
        }
        using (var first = TrainedModel.Load(conv, untrainedSeed: 3))
        using (var second = TrainedModel.Load(mlp, untrainedSeed: 3))
        {
            Assert.Equal(threads, get_num_threads());
            Assert.Equal(mlpAlone, Outputs(second));
            Assert.Equal(convAlone, Outputs(first));
        }
    }

    static RunConfig Settings(string preset, int threads, int? features = null)
    {
        var config = Presets.Find(preset).Config;
        return config with
        {
            Training = config.Training with { Threads = threads },
            Networks = config.Networks with { Features = features ?? config.Networks.Features },
        };
    }

    /// <summary>A run folder holding only config.json: loaded with an untrained seed, it needs no checkpoint.</summary>
    string Run(string name, RunConfig config, long[] shape, int classes)
    {
        var info = new RunInfo(config, [], RunInfo.CurrentVersions(), DateTime.UtcNow) { ImageShape = shape, ClassCount = classes };
        var (run, hold) = RunFolder.Create(Path.Combine(folder, name), info);
        hold.Dispose();
        return run.Path;
    }

    static float[] Outputs(string run)
    {
        using var model = TrainedModel.Load(run, untrainedSeed: 3);
        return Outputs(model);
    }

    /// <summary>A training step's losses (forward and backward), then the codes and decodes of the same images.</summary>
    static float[] Outputs(TrainedModel model)
    {
        using var scope = NewDisposeScope();
        var shape = model.Info.ImageShape!;
        var generator = new Generator(11);
        var images = rand([4, .. shape], generator: generator);
        var labels = arange(4, dtype: ScalarType.Int64) % Math.Max(1, model.Info.ClassCount!.Value);
        var family = model.Family;
        family.Networks.train();
        var losses = family.Step(images, labels, generator).Read();
        family.Networks.eval();
        using var noGrad = no_grad();
        var codes = family.Encode(images);
        var decoded = family.Decode(codes, family.DecoderClasses() > 0 ? labels : null);
        return [.. losses, .. codes.flatten().data<float>().ToArray(), .. decoded.flatten().data<float>().ToArray()];
    }
}
