using System.Text.RegularExpressions;

namespace Aae.Tests;

/// <summary>Every relative link and image in README.md and docs/*.md points at a file (and heading) that exists.</summary>
[Trait("Category", "Unit")]
public sealed partial class DocumentLinksTests
{
    [Fact]
    public void EveryRelativeLinkResolves()
    {
        var root = ReferenceDocTests.RepositoryRoot();
        var documents = Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Prepend(Path.Combine(root, "README.md"));
        var broken = new List<string>();
        int checkedLinks = 0;
        foreach (var document in documents)
            foreach (var target in Links(File.ReadAllText(document)))
            {
                if (target.Contains("://") || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                checkedLinks++;
                var (file, anchor) = target.Split('#', 2) is [var f, var a] ? (f, a) : (target, null);
                var path = file.Length == 0 ? document : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document)!, Uri.UnescapeDataString(file)));
                var where = $"{Path.GetRelativePath(root, document)}: {target}";
                if (!File.Exists(path) && !Directory.Exists(path)) broken.Add($"{where} (no such file)");
                else if (anchor is not null && !Anchors(File.ReadAllText(path)).Contains(anchor)) broken.Add($"{where} (no such heading)");
            }
        Assert.True(broken.Count == 0, "broken links:\n" + string.Join("\n", broken));
        Assert.True(checkedLinks > 50, $"only {checkedLinks} links found: is the pattern still right?");
    }

    /// <summary>The targets of [text](target) and ![alt](target), outside code blocks and code spans.</summary>
    static IEnumerable<string> Links(string markdown)
    {
        bool inCode = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { inCode = !inCode; continue; }
            if (inCode) continue;
            foreach (Match link in LinkPattern().Matches(CodeSpan().Replace(line, "")))
                yield return link.Groups[1].Value;
        }
    }

    /// <summary>GitHub's anchors of a document's headings: lower case, spaces to hyphens, punctuation dropped.</summary>
    static HashSet<string> Anchors(string markdown) =>
        markdown.Split('\n').Where(l => l.StartsWith('#'))
            .Select(l => new string(l.TrimStart('#').Trim().ToLowerInvariant().Replace(' ', '-')
                .Where(c => char.IsLetterOrDigit(c) || c is '-' or '_').ToArray()))
            .ToHashSet();

    [GeneratedRegex(@"!?\[[^\]]*\]\(([^)\s]+)\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex CodeSpan();
}
