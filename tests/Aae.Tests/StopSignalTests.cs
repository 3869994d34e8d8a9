using System.Diagnostics;
using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>
/// Signals and failed writes outside training, on real processes: SIGINT and SIGTERM during a walk
/// end it with one line and no temporary file; a SIGINT the process inherited as ignored (a run
/// started by a script) still stops training cleanly; an ONNX pair meeting a write error leaves neither file.
/// </summary>
public sealed class StopSignalTests
{
    [System.Runtime.InteropServices.DllImport("libc")]
    static extern int kill(int pid, int signal);

    static readonly Lazy<string> trained = new(() =>
    {
        var run = Path.Combine(TestData.NewFolder("aae-stop-signals"), "run");
        var (code, _, error) = RunAae(QuickRun("mnist-gaussian", run, 500, "--epochs", "1", "--encoder-hidden", "16", "--decoder-hidden", "256,256"));
        Assert.True(code == 0, error);
        return run;
    });

    static string Cli => Path.Combine(AppContext.BaseDirectory, "Aae.Cli.dll");

    /// <summary>bash runs <paramref name="prelude"/>, then execs the CLI with <paramref name="args"/> (the prelude's dispositions and limits inherited).</summary>
    static Process StartThroughBash(string prelude, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["-c", $"{prelude}; exec dotnet \"$0\" \"$@\"", Cli, .. args]) start.ArgumentList.Add(arg);
        // The runtime's double-mapped code pages are files too: a file-size limit must not stop it starting.
        start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        return Process.Start(start)!;
    }

    [Theory]
    [InlineData(2, 130, "SIGINT")]
    [InlineData(15, 143, "SIGTERM")]
    public async Task ASignalDuringAWalkEndsItWithOneLineAndNoTemporaryFile(int signal, int expectedCode, string name)
    {
        var folder = TestData.NewFolder("aae-stop-walk");
        var gif = Path.Combine(folder, "walk.gif");
        // The fault switch holds the walk once walk.gif.tmp is written, before its rename: a signal then meets a write in progress.
        using var process = StartAaeProcess(new Dictionary<string, string> { ["AAE_FAULT_AT"] = "walk.gif:written#1:hold" },
            "interpolate", trained.Value, "--frames", "40", "--out", gif, "--data-dir", TestData.MnistSlice, "--threads", "2");
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        for (int i = 0; i < 6000 && !File.Exists(gif + ".tmp") && !process.HasExited; i++) await Task.Delay(10);
        if (!File.Exists(gif + ".tmp")) Assert.Fail($"the walk was never being written: {await error}");
        Assert.Equal(0, kill(process.Id, signal));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(expectedCode, process.ExitCode);
        AssertOneLineError(await error, $"stopped by {name}", "no half-written file is left");
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public void AWalkOfTooManyFramesIsRefusedBeforeAnyWork()
    {
        var (code, _, error) = RunAae("interpolate", trained.Value, "--frames", "5000", "--out", Path.Combine(TestData.NewFolder("aae-frames"), "w.gif"));
        Assert.Equal(1, code);
        AssertOneLineError(error, "--frames must be from 2 to 500 (got 5000)");
    }

    [Fact]
    public async Task ARunStartedWithSigintIgnoredStillStopsCleanlyOnIt()
    {
        var run = Path.Combine(TestData.NewFolder("aae-stop-ignored"), "run");
        // What a script's background job gets: SIGINT ignored, which exec keeps.
        using var process = StartThroughBash("trap '' INT", "run", "mnist-gaussian", "--data-dir", TestData.MnistSlice, "--no-download",
            "--limit", "6000", "--epochs", "200", "--threads", "2", "--out", run);
        var error = process.StandardError.ReadToEndAsync();
        var epochs = new TaskCompletionSource();
        process.OutputDataReceived += (_, line) => { if (line.Data?.StartsWith("epoch", StringComparison.Ordinal) == true) epochs.TrySetResult(); };
        process.BeginOutputReadLine();
        await Task.WhenAny(epochs.Task, process.WaitForExitAsync()).WaitAsync(TimeSpan.FromMinutes(3));
        Assert.False(process.HasExited, $"exit {(process.HasExited ? process.ExitCode : 0)}: {(process.HasExited ? await error : "")}");
        Assert.Equal(0, kill(process.Id, 2));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(130, process.ExitCode);
        AssertOneLineError(await error, "interrupted after epoch", $"aae resume {run}");
        Assert.True(File.Exists(Path.Combine(run, "checkpoints", "latest.ckpt")));
    }

    [Fact]
    public void AnOnnxPairThatCannotBeWrittenWholeLeavesNeitherFile()
    {
        var folder = TestData.NewFolder("aae-onnx-pair");
        // A 200 KB limit per file: the 16-wide encoder fits, the 256-wide decoder (about 1 MB) does not.
        // With SIGXFSZ ignored, the write fails with EFBIG, as it would with ENOSPC on a full disk.
        using var process = StartThroughBash("ulimit -f 200; trap '' XFSZ", "export", trained.Value, "--format", "onnx", "--out", folder);
        var (exit, _, error) = Finish(process, TimeSpan.FromMinutes(2), "export under a file-size limit");
        Assert.True(exit == 1, $"exit {exit}: {error}");
        AssertOneLineError(error, "decoder.onnx: cannot write");
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));

        var (code, _, unlimited) = RunAae("export", trained.Value, "--format", "onnx", "--out", folder);
        Assert.True(code == 0, unlimited);
        Assert.True(new FileInfo(Path.Combine(folder, "encoder.onnx")).Length < 200 * 1024);
        Assert.True(new FileInfo(Path.Combine(folder, "decoder.onnx")).Length > 200 * 1024);
    }
}

