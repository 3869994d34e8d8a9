using Aae.Cli;

namespace Aae.Tests;

/// <summary>Runs the `aae` command in process, as a user would, capturing its output.</summary>
static class TestCli
{
    public static (int Code, string Output, string Error) RunAae(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = AaeCommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>`aae run` of a preset on a slice of MNIST (its first <paramref name="limit"/> training images), 2 threads.</summary>
    public static string[] QuickRun(string preset, string outDir, params string[] more) => QuickRun(preset, outDir, 2000, more);

    public static string[] QuickRun(string preset, string outDir, int limit, params string[] more) =>
        ["run", preset, "--data-dir", TestData.MnistSlice, "--out", outDir, "--no-download", "--limit", limit.ToString(), "--threads", "2", .. more];

    /// <summary>The error output is one line, "aae: ...", holding every fragment.</summary>
    public static void AssertOneLineError(string error, params string[] fragments)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("aae: ", lines[0]);
        foreach (var fragment in fragments) Assert.Contains(fragment, lines[0]);
    }

    /// <summary>Runs `aae` in a process of its own (for kills, signals and races), with extra environment variables.</summary>
    public static (int Code, string Output, string Error) RunAaeProcess(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = StartAaeProcess(environment, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Waits for a started process's exit and output; one still running after <paramref name="limit"/> is killed and fails the test.</summary>
    public static (int Code, string Output, string Error) Finish(System.Diagnostics.Process process, TimeSpan limit, string what)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"still running after {limit}: {what}");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    public static System.Diagnostics.Process StartAaeProcess(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        StartAaeProcess(environment, [], args);

    /// <param name="launcher">A command that execs the rest (setpriv as another user), or none.</param>
    public static System.Diagnostics.Process StartAaeProcess(IReadOnlyDictionary<string, string>? environment, string[] launcher, string[] args)
    {
        // Through coreutils' env (9.0 or later), every signal at its default disposition: a signal the
        // test's parent ignores (SIGINT, in a background job of a non-interactive shell) would be
        // inherited as ignored, and .NET leaves it so. env execs dotnet: the child's pid stays.
        var start = new System.Diagnostics.ProcessStartInfo(launcher.Length > 0 ? launcher[0] : "env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in launcher.Skip(1).Concat(launcher.Length > 0 ? ["env"] : [])) start.ArgumentList.Add(arg);
        start.ArgumentList.Add("--default-signal");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Aae.Cli.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return System.Diagnostics.Process.Start(start)!;
    }
}
