using System.CommandLine;
using Aae.Runs;
using Aae.Visualization;

namespace Aae.Cli;

public static partial class AaeCommandLine
{
    /// <summary>`aae compare`: runs side by side, on the terminal and in compare.md and compare.html.</summary>
    sealed partial class Commands
    {
        Command CompareCommand()
        {
            var runs = new Argument<string[]>("runs") { Description = "two or more run folders", Arity = ArgumentArity.OneOrMore };
            var outDir = new Option<string?>("--out") { Description = "folder for compare.md and compare.html (default: the current folder)" };
            var command = new Command("compare", "compare runs: metrics side by side, the settings that differ, loss curves overlaid")
                { runs, outDir, force };
            command.SetAction(result =>
            {
                var paths = result.GetValue(runs)!;
                if (paths.Length < 2) throw new UsageException($"compare needs at least two run folders (got {paths.Length})");
                var comparison = RunComparison.Of(paths);
                var folder = result.GetValue(outDir) ?? ".";
                foreach (var name in new[] { ComparisonReport.MarkdownName, ComparisonReport.HtmlName })
                {
                    var file = Path.Combine(folder, name);
                    // An earlier comparison's page is compare's own output; any other file of that name is the user's.
                    if (!ComparisonReport.IsEarlierOutput(file)) CheckOutput(result, file, "compare", null, isDefault: false);
                }
                var (markdown, html) = ComparisonReport.Write(comparison, folder);
                output.Write(ComparisonReport.Text(comparison));
                output.WriteLine($"table: {markdown}");
                output.WriteLine($"curves: {html}");
                return 0;
            });
            return command;
        }
    }
}
