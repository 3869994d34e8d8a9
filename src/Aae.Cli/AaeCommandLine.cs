using System.CommandLine;
using System.Globalization;
using Aae.Data;
using Aae.Config;
using Aae.Experiments;
using Aae.Runs;
using Spectre.Console;

namespace Aae.Cli;

/// <summary>
/// The `aae` command: parses options, calls the library, prints progress and results. Errors a
/// user can cause end as one line on stderr and a non-zero exit code, never a stack trace.
/// </summary>
public static partial class AaeCommandLine
{
    public const int UserError = 1;
    public const int UsageError = 2;
    public const int InternalError = 3;
    public const int Interrupted = 130;

    /// <param name="ownsProcess">
    /// The process is this command's own (Program.Main): it sets threads and kernels for the run's
    /// settings (<see cref="ProcessSettings"/>). A test calling the CLI in process keeps its own.
    /// </param>
    public static int Run(string[] args, TextWriter output, TextWriter error, bool interactive = false, bool ownsProcess = false)
    {
        var defaults = HelpDefaults.For(args);
        var commands = new Commands(output, error, interactive, defaults, ownsProcess);
        var parsed = commands.Root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            if (OtherFamilysSetting(args, defaults.Config.Family.Name) is { } message)
            {
                error.WriteLine($"aae: {message}");
                return UsageError;
            }
            error.WriteLine($"aae: {Readable(parsed.Errors[0].Message)} (see 'aae --help')");
            return UsageError;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (UsageException e)
        {
            error.WriteLine($"aae: {e.Message} (see 'aae --help')");
            return UsageError;
        }
        catch (AaeException e)
        {
            error.WriteLine($"aae: {e.Message}");
            return UserError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"aae: {e.Message}");
            return UserError;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("AAE_DEBUG") != "1")
        {
            // A bug, not bad input: one line here, the whole trace with AAE_DEBUG=1.
            var firstLine = e.Message.Split('\n', 2)[0].Trim();
            error.WriteLine($"aae: internal error ({e.GetType().Name}): {firstLine} (rerun with AAE_DEBUG=1 for the trace)");
            return InternalError;
        }
    }

    /// <summary>An option given that belongs to another family than the run's, in words; null when there is none.</summary>
    static string? OtherFamilysSetting(string[] args, string family)
    {
        var own = Settings.For(family).Select(s => s.Name).ToHashSet();
        var foreign = args.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal) && !own.Contains(a) && Settings.FamiliesWith(a).Any());
        return foreign is null ? null
            : $"{foreign} is a setting of {string.Join(", ", Settings.FamiliesWith(foreign))}, not of {family} (this run's family; --family chooses another)";
    }

    /// <summary>Parse errors in words a user reads: "a whole number", not "System.Nullable`1[System.Int32]".</summary>
    static string Readable(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"as expected type '([^']*)'", match =>
            match.Groups[1].Value.Contains("Int") ? "as a whole number" : match.Groups[1].Value.Contains("Double") ? "as a number"
            : match.Groups[1].Value.Contains("Boolean") ? "as true or false" : "as a value of the right kind");

    sealed partial class Commands
    {
        readonly TextWriter output, error;
        readonly bool interactive, ownsProcess;
        readonly (RunConfig Config, string Source) helpDefaults;
        readonly Option<string?> dataDir = new("--data-dir")
            { Description = $"folder holding the datasets (else ${DataDirectory.EnvironmentVariable}, else ./data)" };
        readonly Option<int?> threads = new("--threads") { Description = "CPU threads" };
        readonly Option<bool> force = new("--force")
            { Description = "replace an existing file at --out that is not this command's earlier output (never a run's config, metrics, log or checkpoints)" };

        public RootCommand Root { get; }

        public Commands(TextWriter output, TextWriter error, bool interactive, (RunConfig, string) helpDefaults, bool ownsProcess)
        {
            this.ownsProcess = ownsProcess;
            this.output = output;
            this.error = error;
            this.interactive = interactive;
            this.helpDefaults = helpDefaults;
            Root = new RootCommand("Aae: adversarial autoencoders (Makhzani et al. 2015) and their relatives on MNIST, faces and CIFAR-10.\n\nPresets:\n" +
                string.Join("\n", Presets.All.Select(p => (p.Name, p.Description)).Concat(Presets.Studies).Select(p => $"  {p.Name,-24}{p.Description}")));
            Root.HelpName = "aae";
            Root.Subcommands.Add(RunCommand());
            Root.Subcommands.Add(ResumeCommand());
            Root.Subcommands.Add(EvaluateCommand());
            Root.Subcommands.Add(PlotCommand());
            Root.Subcommands.Add(ReportCommand());
            Root.Subcommands.Add(ClassifyCommand());
            Root.Subcommands.Add(TransferCommand());
            Root.Subcommands.Add(SampleCommand());
            Root.Subcommands.Add(ReconstructCommand());
            Root.Subcommands.Add(SwapCommand());
            Root.Subcommands.Add(InterpolateCommand());
            Root.Subcommands.Add(CompareCommand());
            Root.Subcommands.Add(ExportCommand());
            Root.Subcommands.Add(ImportCommand());
            Root.Subcommands.Add(DataCommand());
            Root.Subcommands.Add(BenchCommand.Create(output, error, ownsProcess));
            Root.Subcommands.Add(HelpCommand());
        }

        /// <summary>Checks --out (or the default <paramref name="path"/>) for `aae <paramref name="command"/>` before any work.</summary>
        void CheckOutput(ParseResult result, string path, string command, RunFolder? source, bool isDefault) =>
            OutputFiles.Check(path, command, source, result.GetValue(force), isDefault);

        static Argument<string> RunArgument() => new("run") { Description = "a run folder (runs/<preset>-<timestamp>)" };

        /// <summary>Reloads a run with its data, from --data-dir or $AAE_DATA when given, else from where it was read.</summary>
        Experiment Open(ParseResult result, Argument<string> run, bool fromScratchIfNoCheckpoint = false, bool readOnly = false)
        {
            var directory = result.GetValue(dataDir) is { } given ? DataDirectory.Resolve(given)
                : Environment.GetEnvironmentVariable(DataDirectory.EnvironmentVariable) is { Length: > 0 } ? DataDirectory.Resolve(null)
                : null;
            var path = result.GetValue(run)!;
            SetUpProcessFor(path, Threads(result));
            return Experiment.Open(path, directory, fromScratchIfNoCheckpoint, readOnly);
        }

        int? Threads(ParseResult result)
        {
            var count = result.GetValue(threads);
            CheckThreads(count);
            return count;
        }

        /// <summary>A thread count given on the command line: at least 1, at most the machine's cores.</summary>
        internal static void CheckThreads(int? count)
        {
            if (count is < 1) throw new AaeException($"--threads must be at least 1 (got {count})");
            if (count > Environment.ProcessorCount)
                throw new AaeException($"--threads {count}: this machine has {Environment.ProcessorCount} CPU cores (more threads only spin against each other)");
        }

        void PrintNotes(Experiment experiment)
        {
            var notes = experiment.Notes;
            if (notes.Count == 0) return;
            output.WriteLine(notes[0] + (notes.Count > 1 ? $" (listed in {experiment.Run.LogPath})" : ""));
        }

        void PrintFigures(IReadOnlyList<string> figures)
        {
            foreach (var figure in figures) output.WriteLine($"figure: {figure}");
        }
    }

    /// <summary>IProgress that reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
