using System.Diagnostics;

namespace Aae.Tests;

/// <summary>
/// Debian's headless Chromium (chromium-headless-shell or chromium; $AAE_CHROMIUM names another),
/// run on a page from disk: its DOM after the scripts ran, a screenshot, and the console messages.
/// </summary>
static class HeadlessChromium
{
    static readonly Lazy<string> executable = new(Find);

    public sealed record Page(string Dom, IReadOnlyList<string> ConsoleMessages);

    /// <summary>Loads <paramref name="file"/> (plus <paramref name="hash"/>), lets its scripts run, returns the DOM and the console's messages.</summary>
    public static Page DumpDom(string file, string hash = "") => Run(file, hash, "--dump-dom");

    /// <summary>Saves a screenshot of the page's top <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
    public static Page Screenshot(string file, string png, int width = 1280, int height = 1400) =>
        Run(file, "", $"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars");

    static Page Run(string file, string hash, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable.Value)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // As root in a container Chromium needs --no-sandbox; the console goes to stderr with --enable-logging.
        foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                     "--virtual-time-budget=10000", $"--user-data-dir={TestData.NewFolder("aae-chromium")}", .. arguments])
            start.ArgumentList.Add(argument);
        start.ArgumentList.Add(new Uri(Path.GetFullPath(file)).AbsoluteUri + hash);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{executable.Value} did not finish within 2 minutes on {file}");
        }
        var console = error.Result.Split('\n').Where(line => line.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
        return new Page(output.Result, console);
    }

    static string Find()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("AAE_CHROMIUM") }
            .Concat(new[] { "chromium-headless-shell", "chromium", "google-chrome" }
                .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(folder => Path.Combine(folder, name))));
        return candidates.FirstOrDefault(path => !string.IsNullOrEmpty(path) && File.Exists(path))
            ?? throw new InvalidOperationException("the report tests need a headless Chromium: apt-get install chromium-headless-shell (or set AAE_CHROMIUM)");
    }
}
