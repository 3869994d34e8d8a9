using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>
/// A run folder the user may not write (another user's, an archive): commands that only read it
/// work with --out elsewhere; those that write it say why they cannot, not that the run is "in use".
/// As root (CI) the commands run as nobody, to whom the folder is read-only; otherwise chmod does it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReadOnlyRunTests
{
    [Fact]
    public void ReadingCommandsWorkOnARunFolderThatCannotBeWrittenAndWritingOnesSayWhy()
    {
        var folder = TestData.NewFolder("aae-read-only");
        var run = Path.Combine(folder, "run");
        var (code, _, error) = RunAae(QuickRun("mnist-gaussian", run, 500, "--epochs", "1"));
        Assert.True(code == 0, error);
        var outputs = Path.Combine(folder, "outputs");
        Directory.CreateDirectory(outputs);
        // The slice of MNIST is read from where the tests wrote it: readable by all, like the run.
        foreach (var path in new[] { folder, TestData.MnistSlice, Path.Combine(TestData.MnistSlice, "mnist") })
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(outputs, (UnixFileMode)0b111_111_111);
        var before = Directory.EnumerateFiles(run, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
        bool root = Environment.UserName == "root";
        if (!root) foreach (var dir in Directory.EnumerateDirectories(run, "*", SearchOption.AllDirectories).Append(run))
            File.SetUnixFileMode(dir, (UnixFileMode)0b101_101_101);
        try
        {
            string[] data = ["--data-dir", TestData.MnistSlice];
            foreach (var args in new[]
            {
                ["sample", run, "--count", "4", "--out", Path.Combine(outputs, "samples.png")],
                ["export", run, "--out", Path.Combine(outputs, "w.safetensors")],
                ["export", run, "--format", "onnx", "--out", Path.Combine(outputs, "onnx")],
                ["report", run, "--out", Path.Combine(outputs, "report.html"), .. data],
                ["interpolate", run, "--frames", "2", "--out", Path.Combine(outputs, "walk.gif"), .. data],
                (string[])["reconstruct", run, "--images", Path.Combine(run, "figures", "latent.png"), "--out", Path.Combine(outputs, "r.png"), .. data],
            })
            {
                var result = AsReader(root, outputs, args);
                Assert.True(result.Code == 0, $"{string.Join(' ', args)}: exit {result.Code} {result.Error}");
            }
            Assert.True(new FileInfo(Path.Combine(outputs, "report.html")).Length > 10_000);
            Assert.True(File.Exists(Path.Combine(outputs, "onnx", "decoder.onnx")));

            foreach (var args in new[] { ["evaluate", run, .. data], ["plot", run, .. data], (string[])["resume", run, "--epochs", "2", .. data] })
            {
                var refused = AsReader(root, outputs, args);
                Assert.True(refused.Code == 1, $"{args[0]}: exit {refused.Code} {refused.Error}");
                AssertOneLineError(refused.Error, $"{run}: permission denied", "sample, export, reconstruct, interpolate and report with --out elsewhere");
                Assert.DoesNotContain("in use", refused.Error);
            }
        }
        finally
        {
            foreach (var dir in Directory.EnumerateDirectories(run, "*", SearchOption.AllDirectories).Append(run))
                File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        }
        foreach (var (file, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(file));
    }

    /// <summary>`aae` in a process of a user who may read but not write the run: nobody when the tests run as root.</summary>
    static (int Code, string Output, string Error) AsReader(bool root, string home, string[] args)
    {
        string[] asNobody = root ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : [];
        var environment = new Dictionary<string, string> { ["HOME"] = home, ["DOTNET_CLI_HOME"] = home, ["AAE_CACHE"] = Path.Combine(home, "cache") };
        using var process = StartAaeProcess(environment, asNobody, args);
        return Finish(process, TimeSpan.FromMinutes(2), $"aae {string.Join(' ', args)}");
    }
}
