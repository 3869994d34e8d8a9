using System.Xml.Linq;
using Aae.Cli;
using Aae.Config;

using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>`aae compare` on run folders written by the library's own writers: tables, differing settings, curves, errors.</summary>
[Trait("Category", "Unit")]
public sealed class CompareTests
{
    static readonly RunConfig Gaussian = Presets.Find("mnist-gaussian").Config.With(epochs: 3);

    /// <summary>Three runs: a and b finished (b with another seed and one more metric), c stopped after 1 of 3 epochs.</summary>
    static (string Root, string A, string B, string C) ThreeRuns()
    {
        var root = TestData.NewFolder("aae-compare");
        var a = Path.Combine(root, "run-a");
        var b = Path.Combine(root, "run-b");
        var c = Path.Combine(root, "run-c");
        TestRunFolders.Write(a, Gaussian, 3, [("test_mse", 0.0412), ("knn_accuracy", 0.7), ("epochs", 3)]);
        TestRunFolders.Write(b, Gaussian with { Training = Gaussian.Training with { Seed = 1 } }, 3,
            [("test_mse", 0.0398), ("knn_accuracy", 0.725), ("mode_accuracy", 0.5), ("epochs", 3)]);
        TestRunFolders.Write(c, Gaussian, 1, metrics: null);
        return (root, a, b, c);
    }

    [Fact]
    public void MarkdownHasTheMetricsTheDifferingSettingAndTheInterruptedRun()
    {
        var (root, a, b, c) = ThreeRuns();
        var outDir = Path.Combine(root, "out");
        var (code, output, error) = RunAae("compare", a, b, c, "--out", outDir);
        Assert.True(code == 0, error);
        Assert.Contains($"table: {Path.Combine(outDir, "compare.md")}", output);
        Assert.Contains($"curves: {Path.Combine(outDir, "compare.html")}", output);
        Assert.Contains("no metrics: interrupted or still training (1 of 3 epochs)", output);

        var markdown = File.ReadAllText(Path.Combine(outDir, "compare.md"));
        var lines = markdown.Split('\n');
        Assert.Contains("| metric | run-a | run-b | run-c |", lines);
        Assert.Contains("| test_mse | 0.0412 | 0.0398 | – |", lines);
        Assert.Contains("| knn_accuracy | 0.7 | 0.725 | – |", lines);
        Assert.Contains("| mode_accuracy | – | 0.5 | – |", lines);
        Assert.Contains("| status | evaluated after 3 epochs | evaluated after 3 epochs | no metrics: interrupted or still training (1 of 3 epochs) |", lines);

        var settings = Section(markdown, "## Settings that differ").Where(line => line.StartsWith("| ") && !line.StartsWith("| setting")).ToList();
        Assert.Equal(["| training.seed | 0 | 1 | 0 |"], settings);

        var finals = Section(markdown, "## Curves");
        Assert.Contains("| last epoch | 3 | 3 | 1 |", finals);
        Assert.Contains("compare.html", string.Join("\n", finals));
    }

    [Fact]
    public void HtmlIsWellFormedWithOnePolylinePerRunPerCurve()
    {
        var (root, a, b, c) = ThreeRuns();
        var outDir = Path.Combine(root, "out");
        Assert.Equal(0, RunAae("compare", a, b, c, "--out", outDir).Code);

        var page = XDocument.Parse(File.ReadAllText(Path.Combine(outDir, "compare.html")));
        XNamespace svgNs = "http://www.w3.org/2000/svg";
        var charts = page.Descendants(svgNs + "svg").ToList();
        // One chart per history.csv column, seconds included.
        Assert.Equal(TestRunFolders.AaeLosses.Length + 1, charts.Count);
        foreach (var chart in charts)
        {
            var lines = chart.Elements(svgNs + "polyline").ToList();
            Assert.Equal(3, lines.Count);
            Assert.Equal(3, lines.Select(l => l.Attribute("stroke")!.Value).Distinct().Count());
            var texts = chart.Elements(svgNs + "text").Select(t => t.Value).ToList();
            Assert.Contains("run-a", texts);
            Assert.Contains("run-c", texts);
            Assert.Contains("epoch", texts);
            // Runs a and b drew 3 points each, c one (marked by a circle as well).
            Assert.Equal([3, 3, 1], lines.Select(l => l.Attribute("points")!.Value.Split(' ').Length));
            Assert.Single(chart.Elements(svgNs + "circle"));
        }
        Assert.DoesNotContain("<script", File.ReadAllText(Path.Combine(outDir, "compare.html")));
    }

    [Fact]
    public void NotARunFolderAndTooFewRunsAreErrors()
    {
        var (root, a, _, _) = ThreeRuns();
        var notARun = Directory.CreateDirectory(Path.Combine(root, "plain-folder")).FullName;
        var (code, _, error) = RunAae("compare", a, notARun, "--out", Path.Combine(root, "out"));
        Assert.Equal(AaeCommandLine.UserError, code);
        AssertOneLineError(error, notARun, "not a run folder");
        Assert.False(File.Exists(Path.Combine(root, "out", "compare.md")));

        var single = RunAae("compare", a);
        Assert.Equal(AaeCommandLine.UsageError, single.Code);
        AssertOneLineError(single.Error, "at least two");
    }

    static List<string> Section(string markdown, string heading) =>
        markdown.Split('\n').SkipWhile(line => line != heading).Skip(1).TakeWhile(line => !line.StartsWith("## ")).ToList();
}
