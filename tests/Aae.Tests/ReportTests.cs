using Aae.Families;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aae.Evaluation;
using Aae.Runs;
using SkiaSharp;
using static Aae.Tests.TestCli;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>report.html, opened from disk in headless Chromium: what a user sees and what its script computes.</summary>
public class ReportTests
{
    [Fact]
    public void A2DRunsReportDrawsTheScatterAndItsDecoderMatchesTheCSharpOne()
    {
        var root = TestData.NewFolder("aae-report");
        var run = Path.Combine(root, "gaussian");
        var (code, output, error) = RunAae(QuickRun("mnist-gaussian", run, "--epochs", "2"));
        Assert.True(code == 0, error);
        var report = Path.Combine(run, "report.html");
        Assert.Contains($"figure: {report}", output);
        var html = File.ReadAllText(report);
        Assert.DoesNotMatch(@"(src|href)\s*=\s*[""']?(https?:)?//", html);
        Assert.DoesNotContain("<link", html);

        var random = new Random(7);
        var points = Enumerable.Range(0, 100).Select(_ => new[] { random.NextDouble() * 8 - 4, random.NextDouble() * 8 - 4 }).ToArray();
        var page = HeadlessChromium.DumpDom(report, SelfTestHash(points));
        Assert.Empty(page.ConsoleMessages);
        var result = SelfTestResult(page.Dom);
        Assert.Empty(result.GetProperty("errors").EnumerateArray());
        Assert.Equal(1000, result.GetProperty("drawn_points").GetInt32());
        Assert.Equal("image", result.GetProperty("hover_point").GetProperty("kind").GetString());

        using var model = TrainedModel.Load(run);
        var decoded = result.GetProperty("decoded").EnumerateArray().ToList();
        Assert.Equal(100, decoded.Count);
        foreach (var item in decoded) AssertDecodesAsCSharp(model, item);
        // Pointing at empty space decodes the point under the pointer, as the C# decoder does.
        var empty = result.GetProperty("hover_empty");
        Assert.Equal("decoded", empty.GetProperty("kind").GetString());
        AssertDecodesAsCSharp(model, empty);

        // The screenshot shows the scatter: many pixels in the classes' colours.
        var screenshot = Path.Combine(root, "report.png");
        Assert.Empty(HeadlessChromium.Screenshot(report, screenshot).ConsoleMessages);
        using var bitmap = SKBitmap.Decode(screenshot);
        var classColours = new[] { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf" }
            .Select(SKColor.Parse).ToHashSet();
        var coloured = bitmap.Pixels.Count(classColours.Contains);
        Assert.True(coloured > 1000, $"{coloured} pixels in class colours: the scatter was not drawn");
    }

    [Fact]
    public void LongerCodesGetLiveDirectionsOrFramesAndCategoriesTheirGrid()
    {
        var root = TestData.NewFolder("aae-report-directions");
        // The supervised decoder (3-d style + digit) is small: the page decodes it, digit included.
        var supervised = Path.Combine(root, "supervised");
        var (code, _, error) = RunAae(QuickRun("mnist-supervised", supervised, 1000, "--epochs", "1"));
        Assert.True(code == 0, error);
        var random = new Random(3);
        var points = Enumerable.Range(0, 20).Select(i => (Enumerable.Range(0, 3).Select(_ => random.NextDouble() * 4 - 2).ToArray(), i % 10)).ToArray();
        var page = HeadlessChromium.DumpDom(Path.Combine(supervised, "report.html"), SelfTestHash(points.Select(p => p.Item1).ToArray(), points.Select(p => p.Item2).ToArray()));
        Assert.Empty(page.ConsoleMessages);
        Assert.Contains("Latent directions", page.Dom);
        Assert.Contains("The decoder runs in this page", page.Dom);
        using (var model = TrainedModel.Load(supervised))
            foreach (var item in SelfTestResult(page.Dom).GetProperty("decoded").EnumerateArray()) AssertDecodesAsCSharp(model, item);

        // A decoder over the embedding limit: precomputed frames instead.
        var wide = Path.Combine(root, "wide");
        (code, _, error) = RunAae(QuickRun("mnist-wae", wide, 1000, "--epochs", "1", "--decoder-hidden", "1000,1000"));
        Assert.True(code == 0, error);
        page = HeadlessChromium.DumpDom(Path.Combine(wide, "report.html"), "#selftest");
        Assert.Empty(page.ConsoleMessages);
        Assert.Empty(SelfTestResult(page.Dom).GetProperty("errors").EnumerateArray());
        Assert.Contains("weights, over the 500,000 this page embeds: these are precomputed frames", page.Dom);
        Assert.DoesNotContain("\"weight\"", File.ReadAllText(Path.Combine(wide, "report.html")));

        // Categories: one tile per category under the style slider.
        var cluster = Path.Combine(root, "cluster");
        (code, _, error) = RunAae(QuickRun("mnist-cluster-16", cluster, 2000, "--validation", "500", "--epochs", "1",
            "--encoder-hidden", "64", "--decoder-hidden", "64", "--discriminator-hidden", "32"));
        Assert.True(code == 0, error);
        page = HeadlessChromium.DumpDom(Path.Combine(cluster, "report.html"), "#selftest");
        Assert.Empty(page.ConsoleMessages);
        Assert.Contains("Categories and styles", page.Dom);
        Assert.Equal(16, Regex.Matches(page.Dom, "<div class=\"tile\">").Count);
        Assert.Contains("confusion.png", page.Dom);
    }

    [Fact]
    public void ReportRewritesThePageOfAnInterruptedRunAndSaysSo()
    {
        var run = Path.Combine(TestData.NewFolder("aae-report-interrupted"), "run");
        Assert.Equal(0, RunAae(QuickRun("mnist-gaussian", run, 1000, "--epochs", "2")).Code);
        // As a run stopped after its last checkpoint: no final checkpoint, no metrics, no page.
        foreach (var file in new[] { "metrics.json", "report.html", Path.Combine("checkpoints", "final.ckpt") }) File.Delete(Path.Combine(run, file));

        var (code, output, error) = RunAae("report", run);
        Assert.True(code == 0, error);
        var report = Path.Combine(run, "report.html");
        Assert.Equal($"report: {report}", output.Trim());
        var page = HeadlessChromium.DumpDom(report, "#selftest");
        Assert.Empty(page.ConsoleMessages);
        Assert.Contains("No metrics: this run was interrupted or is still training", page.Dom);
        Assert.Contains("reconstruction_loss", page.Dom);

        var missing = RunAae("report", Path.Combine(run, "nowhere"));
        Assert.NotEqual(0, missing.Code);
        AssertOneLineError(missing.Error, "nowhere");
    }

    static string SelfTestHash(double[][] codes, int[]? classes = null) => "#selftest=" + string.Join(";", codes.Select((code, i) =>
        string.Join(",", code.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + (classes is null ? "" : $"/{classes[i]}")));

    static JsonElement SelfTestResult(string dom)
    {
        var match = Regex.Match(dom, "<pre id=\"selftest-result\">(.*?)</pre>", RegexOptions.Singleline);
        Assert.True(match.Success, "the page wrote no self-test result: its script did not run to the end");
        return JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(match.Groups[1].Value)).RootElement;
    }

    /// <summary>The page's decode of a code (and class) equals the C# decoder's within 1e-4 per pixel.</summary>
    static void AssertDecodesAsCSharp(TrainedModel model, JsonElement item)
    {
        var code = item.GetProperty("code").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        var pixels = item.GetProperty("pixels").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        using var scope = NewDisposeScope();
        var classes = model.Family.DecoderClasses() > 0 && item.TryGetProperty("label", out var label) && label.ValueKind == JsonValueKind.Number ? tensor(new long[] { label.GetInt32() }) : null;
        var expected = Encoding.Decode(model.Family, tensor(code).unsqueeze(0), classes).flatten().data<float>().ToArray();
        Assert.Equal(expected.Length, pixels.Length);
        var largest = expected.Zip(pixels, (e, p) => Math.Abs(e - p)).Max();
        Assert.True(largest < 1e-4, $"the page's decode of ({string.Join(", ", code)}) differs from C#'s by {largest}");
    }
}
