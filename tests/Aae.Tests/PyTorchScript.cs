using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Aae.Tests;

/// <summary>Runs tests/pytorch/torch_weights.py with Debian's python3 and its PyTorch (python3-torch, installed by .ci/run).</summary>
static class PyTorchScript
{
    /// <summary>Debian's python3 (a pyenv python earlier on PATH lacks torch), else whatever python3 is on PATH.</summary>
    static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>The repository: the first ancestor of the test binaries holding bench/reference_aae.py.</summary>
    static string Repository
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "bench", "reference_aae.py"))) return dir.FullName;
            throw new InvalidOperationException($"no bench/reference_aae.py above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>Runs the script with <paramref name="args"/>; fails the test unless it exits 0; returns the JSON of its last line.</summary>
    public static JsonObject Run(params string[] args)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(Repository, "tests", "pytorch", "torch_weights.py"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"torch_weights.py {string.Join(" ", args)} exited {process.ExitCode}:\n{error.Result}");
        var lines = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return JsonNode.Parse(lines[^1])!.AsObject();
    }
}
