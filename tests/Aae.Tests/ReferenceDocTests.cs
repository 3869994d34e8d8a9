using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>docs/reference.md is `aae help --markdown`'s output, committed: it must not drift from the code.</summary>
[Trait("Category", "Unit")]
public sealed class ReferenceDocTests
{
    const string Stale = "docs/reference.md is stale: run ./aae help --markdown > docs/reference.md";

    [Fact]
    public void CommittedReferenceMatchesTheCode()
    {
        var (code, generated, error) = RunAae("help", "--markdown");
        Assert.True(code == 0, error);
        var path = Path.Combine(RepositoryRoot(), "docs", "reference.md");
        Assert.True(File.Exists(path), $"{Stale} (there is no {path})");
        var committed = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (committed == generated) return;

        // Name the first line that differs, so the failure says what changed.
        var want = generated.Split('\n');
        var have = committed.Split('\n');
        int line = 0;
        while (line < want.Length && line < have.Length && want[line] == have[line]) line++;
        Assert.Fail($"{Stale}\nfirst difference at line {line + 1}:\n  committed: {Line(have, line)}\n  generated: {Line(want, line)}");
    }

    [Fact]
    public void ReferenceNamesEveryCommandAndSetting()
    {
        var (_, generated, _) = RunAae("help", "--markdown");
        foreach (var command in new[] { "## aae run", "## aae data fetch", "## aae help", "## Run settings", "## Family settings" })
            Assert.Contains(command, generated);
        foreach (var setting in Aae.Config.Settings.Shared)
            Assert.Contains($"| `{setting.Name}` |", generated);
        // Each family's settings in its own section, after its heading.
        foreach (var family in Aae.Families.ModelFamilies.All)
        {
            int section = generated.IndexOf($"### {family.Name}\n", StringComparison.Ordinal);
            Assert.True(section > 0, $"no section for {family.Name}");
            foreach (var setting in family.Settings)
                Assert.True(generated.IndexOf($"| `{setting.Name}` |", section, StringComparison.Ordinal) > section, $"{family.Name}: {setting.Name}");
        }
    }

    static string Line(string[] lines, int index) => index < lines.Length ? lines[index] : "(end of file)";

    /// <summary>The repository: the first folder above the test binaries that holds Aae.slnx.</summary>
    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Aae.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no Aae.slnx above {AppContext.BaseDirectory}");
    }
}
