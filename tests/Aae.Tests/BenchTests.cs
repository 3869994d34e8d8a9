using System.Text.Json;

using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>`aae bench` as compare.py runs it: one JSON line whose figures agree with each other.</summary>
public sealed class BenchTests
{
    [Fact]
    public void BenchPrintsStepsEncodeThroughputAndTheCeiling()
    {
        var (code, output, error) = RunAae("bench", "--json", "--repeats", "5", "--conv-repeats", "2", "--epochs", "1",
            "--data-dir", TestData.SharedDatasets);
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        double Value(string key) => json.RootElement.GetProperty(key).GetDouble();
        Assert.True(Value("mlp_step_ms_median") > 0);
        Assert.True(Value("conv_step_ms_median") > 0);
        // The faces encoder: about 0.25 GFLOP per 64x64 image at F = 32 (counted as the reference counts).
        Assert.InRange(Value("encode_gflop_per_image"), 0.2, 0.3);
        Assert.Equal(Value("encode_images_per_second") * Value("encode_gflop_per_image"), Value("encode_gflops_achieved"), 6);
        Assert.True(Value("encode_gflops_achieved") < Value("matmul_gflops_best") * 1.5, "more than the ceiling");
    }
}
