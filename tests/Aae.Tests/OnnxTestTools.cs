using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Tensor = TorchSharp.torch.Tensor;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>Runs exported ONNX files in ONNX Runtime (no TorchSharp involved) and checks them with the onnx Python package.</summary>
static class OnnxTestTools
{
    /// <summary>The model's one output for <paramref name="input"/> fed to its one input; asserts the names.</summary>
    public static Tensor Run(string path, string inputName, string outputName, Tensor input)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(path, options);
        Assert.Equal([inputName], session.InputMetadata.Keys);
        Assert.Equal([outputName], session.OutputMetadata.Keys);
        // The batch dimension is symbolic: -1 to the runtime.
        Assert.Equal(-1, session.InputMetadata[inputName].Dimensions[0]);
        Assert.Equal(-1, session.OutputMetadata[outputName].Dimensions[0]);
        using var contiguous = input.contiguous();
        var feed = new DenseTensor<float>(contiguous.data<float>().ToArray(), [.. input.shape.Select(d => (int)d)]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, feed)]);
        var output = results.Single().AsTensor<float>();
        return tensor(output.ToArray(), [.. output.Dimensions.ToArray().Select(d => (long)d)]);
    }

    /// <summary>The largest absolute difference; the shapes must agree.</summary>
    public static double MaxAbsDiff(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var difference = (expected - actual).abs().max();
        return difference.item<float>();
    }

    /// <summary>onnx.checker.check_model with full_check (shape inference too) on each file.</summary>
    public static void Check(IEnumerable<string> paths)
    {
        var python = Python.Value;
        foreach (var path in paths)
        {
            var (code, output) = RunPython(python, "import onnx, sys; onnx.checker.check_model(sys.argv[1], full_check=True)", path);
            Assert.True(code == 0, $"onnx.checker rejects {path}: {output}");
        }
    }

    // Debian's python3-onnx installs into the system Python; a python3 first on PATH (pyenv) may lack it.
    static readonly Lazy<string> Python = new(() =>
        new[] { "python3", "/usr/bin/python3" }.FirstOrDefault(candidate => RunPython(candidate, "import onnx").Code == 0)
        ?? throw new InvalidOperationException("no python3 with the onnx package: apt-get install python3-onnx (.ci/run does)"));

    static (int Code, string Output) RunPython(string python, string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + error.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
