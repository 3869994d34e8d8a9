using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Aae.Benchmarks;
using Aae.Data;
using Aae.Runs;

namespace Aae.Cli;

/// <summary>
/// `aae bench`: times the training steps (see <see cref="StepBenchmark"/>) and prints a table, or
/// with --json one line with bench/reference_aae.py's keys, for bench/compare.py.
/// </summary>
static class BenchCommand
{
    public static Command Create(TextWriter output, TextWriter error, bool ownsProcess)
    {
        var defaults = new BenchmarkOptions();
        var threads = new Option<int>("--threads") { Description = $"CPU threads ({defaults.Threads})", DefaultValueFactory = _ => defaults.Threads };
        var dataDir = new Option<string?>("--data-dir")
            { Description = $"folder holding mnist/ (else ${DataDirectory.EnvironmentVariable}, else ./data)" };
        var repeats = new Option<int>("--repeats") { Description = $"timed MLP steps ({defaults.MlpRepeats})", DefaultValueFactory = _ => defaults.MlpRepeats };
        var convRepeats = new Option<int>("--conv-repeats") { Description = $"timed conv steps ({defaults.ConvRepeats})", DefaultValueFactory = _ => defaults.ConvRepeats };
        var categoricalRepeats = new Option<int>("--categorical-repeats")
            { Description = $"timed categorical AAE steps ({defaults.CategoricalRepeats})", DefaultValueFactory = _ => defaults.CategoricalRepeats };
        var epochs = new Option<int>("--epochs") { Description = $"timed MNIST epochs ({defaults.Epochs})", DefaultValueFactory = _ => defaults.Epochs };
        var json = new Option<bool>("--json") { Description = "print one JSON line (keys as bench/reference_aae.py --bench)" };
        var command = new Command("bench", "time the MNIST MLP step, a MNIST epoch, the 64x64 conv step, the categorical AAE step and a large matmul")
            { threads, dataDir, repeats, convRepeats, categoricalRepeats, epochs, json };
        command.SetAction(result =>
        {
            var options = defaults with
            {
                Threads = result.GetValue(threads),
                MlpRepeats = result.GetValue(repeats),
                ConvRepeats = result.GetValue(convRepeats),
                CategoricalRepeats = result.GetValue(categoricalRepeats),
                Epochs = result.GetValue(epochs),
            };
            options.Validate();
            if (ownsProcess) ProcessSettings.Apply(options.Threads, options.NeedsExactConvolutions);
            // Progress goes to stderr so stdout holds only the table or the JSON line.
            var bench = StepBenchmark.Run(options, DataDirectory.Resolve(result.GetValue(dataDir)), stage => error.WriteLine($"bench: {stage}"));
            output.WriteLine(result.GetValue(json) ? JsonLine(bench) : Table(bench));
            return 0;
        });
        return command;
    }

    static string JsonLine(BenchmarkResult r)
    {
        var versions = RunInfo.CurrentVersions();
        var values = new Dictionary<string, object>
        {
            ["mode"] = "bench",
            ["framework"] = "aae",
            ["torch"] = versions["libtorch"],
            ["torchsharp"] = versions["torchsharp"],
            ["threads"] = r.Threads,
            ["blas"] = r.NativeLibraries,
            ["mkl_kernels"] = r.MklKernels,
            ["mnist_load_seconds"] = r.MnistLoadSeconds,
            ["mlp_step_ms_median"] = r.MlpStepMs.Median,
            ["mlp_step_ms_min"] = r.MlpStepMs.Min,
            ["mlp_step_ms_max"] = r.MlpStepMs.Max,
            ["mlp_step_gflop"] = r.MlpStepFlops / 1e9,
            ["mlp_step_gflops_achieved"] = r.MlpStepGflopsAchieved,
            ["epoch_seconds"] = r.Epoch.Median,
            ["epoch_seconds_all"] = r.EpochSeconds,
            ["epoch_steps"] = r.EpochSteps,
            ["conv_step_ms_median"] = r.ConvStepMs.Median,
            ["conv_step_ms_min"] = r.ConvStepMs.Min,
            ["conv_step_ms_max"] = r.ConvStepMs.Max,
            ["conv_step_gflop"] = r.ConvStepFlops / 1e9,
            ["conv_step_gflops_achieved"] = r.ConvStepGflopsAchieved,
            ["categorical_step_ms_median"] = r.CategoricalStepMs.Median,
            ["categorical_step_ms_min"] = r.CategoricalStepMs.Min,
            ["categorical_step_ms_max"] = r.CategoricalStepMs.Max,
            ["encode_images_per_second"] = r.EncodeImagesPerSecond.Median,
            ["encode_gflop_per_image"] = r.EncodeFlopsPerImage / 1e9,
            ["encode_gflops_achieved"] = r.EncodeGflopsAchieved,
            ["matmul_size"] = r.MatmulSize,
            ["matmul_gflops"] = r.MatmulGflops,
            ["matmul_gflops_best"] = r.MatmulGflopsBest,
            ["peak_rss_mb"] = r.PeakRssBytes / 1e6,
        };
        return JsonSerializer.Serialize(values);
    }

    static string Table(BenchmarkResult r)
    {
        var c = CultureInfo.InvariantCulture;
        string Row(string what, Timing t, string unit, string format, string extra) =>
            string.Format(c, "{0,-26}{1,10} {2,-3}{3,22}   {4}", what, t.Median.ToString(format, c), unit,
                $"{t.Min.ToString(format, c)}-{t.Max.ToString(format, c)} {unit}", extra);
        var lines = new List<string>
        {
            string.Format(c, "Aae benchmark: {0} threads, libtorch {1}, {2}, MKL kernels {3}", r.Threads, RunInfo.CurrentVersions()["libtorch"],
                r.NativeLibraries.Count > 0 ? string.Join(" ", r.NativeLibraries) : "no separate BLAS library", r.MklKernels),
            string.Format(c, "{0,-26}{1,14}{2,22}   {3}", "", "median", "min-max", "achieved"),
            Row("mlp step (batch 128)", r.MlpStepMs, "ms", "F3",
                string.Format(c, "{0:F2} GFLOP/s ({1:F4} GFLOP/step)", r.MlpStepGflopsAchieved, r.MlpStepFlops / 1e9)),
            Row($"mnist epoch ({r.EpochSteps} steps)", r.Epoch, "s", "F2",
                string.Format(c, "{0:F2} GFLOP/s", r.MlpStepFlops * (double)r.EpochSteps / (r.Epoch.Median * 1e9))),
            Row("conv step (batch 32, F 32)", r.ConvStepMs, "ms", "F1",
                string.Format(c, "{0:F2} GFLOP/s ({1:F3} GFLOP/step)", r.ConvStepGflopsAchieved, r.ConvStepFlops / 1e9)),
            Row("categorical step (batch 100)", r.CategoricalStepMs, "ms", "F1", "mnist-semi-100: three phases"),
            Row("encode 64x64 (faces encoder)", r.EncodeImagesPerSecond, "i/s", "F0",
                string.Format(c, "{0:F1} GFLOP/s ({1:F0}% of the matmul; {2:F3} GFLOP/image)", r.EncodeGflopsAchieved,
                    100 * r.EncodeGflopsAchieved / r.MatmulGflops, r.EncodeFlopsPerImage / 1e9)),
            Row($"matmul {r.MatmulSize}x{r.MatmulSize}", r.MatmulMs, "ms", "F1",
                string.Format(c, "{0:F1} GFLOP/s (best {1:F1}): the ceiling", r.MatmulGflops, r.MatmulGflopsBest)),
            string.Format(c, "mnist load {0:F2} s, peak RSS {1:F0} MB", r.MnistLoadSeconds, r.PeakRssBytes / 1e6),
        };
        return string.Join(Environment.NewLine, lines);
    }
}
