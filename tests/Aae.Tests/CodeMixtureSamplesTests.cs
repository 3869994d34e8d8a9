using Aae.Visualization;
using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>`aae sample --from codes-gmm`: draws of a mixture fitted to a trained run's codes, decoded; a wrong source refused.</summary>
public sealed class CodeMixtureSamplesTests
{
    [Fact]
    public void SamplesFromTheCodesMixtureAreDecodedAndDifferFromPriorDraws()
    {
        var run = Path.Combine(TestData.NewFolder("aae-codes-gmm"), "run");
        var trained = RunAae("run", "mnist-vae-8", "--data-dir", TestData.MnistSlice, "--out", run, "--epochs", "2");
        Assert.True(trained.Code == 0, trained.Error);

        var fromCodes = RunAae("sample", run, "--from", "codes-gmm", "--count", "16", "--data-dir", TestData.MnistSlice);
        Assert.True(fromCodes.Code == 0, fromCodes.Error);
        var fromPrior = RunAae("sample", run, "--count", "16");
        Assert.True(fromPrior.Code == 0, fromPrior.Error);
        using var gmm = Png.Decode(File.ReadAllBytes(Path.Combine(run, "figures", "samples-codes-gmm-1.png")));
        using var prior = Png.Decode(File.ReadAllBytes(Path.Combine(run, "figures", "samples-1.png")));
        Assert.Equal(prior.Width, gmm.Width);
        Assert.NotEqual(prior.Bytes, gmm.Bytes);
        // The same seed draws the same mixture and codes: the figure repeats byte for byte.
        var again = Path.Combine(TestData.NewFolder("aae-codes-gmm"), "again.png");
        Assert.Equal(0, RunAae("sample", run, "--from", "codes-gmm", "--count", "16", "--data-dir", TestData.MnistSlice, "--out", again).Code);
        Assert.Equal(File.ReadAllBytes(Path.Combine(run, "figures", "samples-codes-gmm-1.png")), File.ReadAllBytes(again));

        var wrong = RunAae("sample", run, "--from", "posterior");
        Assert.Equal(1, wrong.Code);
        AssertOneLineError(wrong.Error, "--from must be prior or codes-gmm");
    }
}
