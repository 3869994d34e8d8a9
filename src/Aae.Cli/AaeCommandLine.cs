using System.CommandLine;
using System.Globalization;
using Aae.Data;
using Aae.Experiments;
using Aae.Runs;
using Spectre.Console;

namespace Aae.Cli;

/// <summary>
/// The `aae` command: parses options, calls the library, prints progress and results. Errors a
/// user can cause end as one line on stderr and a non-zero exit code, never a stack trace.
/// </summary>
public static class AaeCommandLine
{
    public const int UserError = 1;
    public const int UsageError = 2;
    public const int Interrupted = 130;

    public static int Run(string[] args, TextWriter output, TextWriter error, bool interactive = false)
    {
        var commands = new Commands(output, error, interactive);
        var parsed = commands.Root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine($"aae: {parsed.Errors[0].Message} (see 'aae --help')");
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
        catch (AaeException e)
        {
            error.WriteLine($"aae: {e.Message}");
            return UserError;
        }
    }

    sealed class Commands
    {
        readonly TextWriter output, error;
        readonly bool interactive;
        readonly Option<string?> dataDir = new("--data-dir")
            { Description = $"folder holding the datasets (else ${DataDirectory.EnvironmentVariable}, else ./data)" };
        readonly Option<int?> threads = new("--threads") { Description = "CPU threads" };

        public RootCommand Root { get; }

        public Commands(TextWriter output, TextWriter error, bool interactive)
        {
            this.output = output;
            this.error = error;
            this.interactive = interactive;
            Root = new RootCommand("Aae: adversarial autoencoders (Makhzani et al. 2015) on MNIST and friends.\n\nPresets:\n" +
                string.Join("\n", Presets.All.Select(p => $"  {p.Name,-24}{p.Description}")));
            Root.HelpName = "aae";
            Root.Subcommands.Add(RunCommand());
            Root.Subcommands.Add(ResumeCommand());
            Root.Subcommands.Add(EvaluateCommand());
            Root.Subcommands.Add(PlotCommand());
            Root.Subcommands.Add(DataCommand());
        }

        Command RunCommand()
        {
            var preset = new Argument<string>("preset")
                { Description = "experiment to run: " + string.Join(", ", Presets.All.Select(p => p.Name)) };
            var outDir = new Option<string?>("--out") { Description = "run folder (default runs/<preset>-<UTC timestamp>)" };
            var noDownload = new Option<bool>("--no-download") { Description = "fail instead of downloading missing data" };
            var settings = new ConfigOptions();
            var command = new Command("run", "train a preset, then evaluate it and draw its figures") { preset, dataDir, outDir, noDownload };
            foreach (var option in settings.All) command.Options.Add(option);
            command.SetAction(result =>
            {
                var chosen = Presets.Find(result.GetValue(preset)!);
                var config = settings.Apply(chosen.Config, result);
                config.Validate();
                var dataDirectory = DataDirectory.Resolve(result.GetValue(dataDir));
                if (!result.GetValue(noDownload)) EnsureData(config.Dataset, dataDirectory);
                var runPath = result.GetValue(outDir)
                    ?? Path.Combine("runs", $"{chosen.Name}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
                using var experiment = Experiment.Start(config, runPath, dataDirectory);
                output.WriteLine($"run folder: {experiment.Run.Path}");
                return TrainAndReport(experiment);
            });
            return command;
        }

        Command ResumeCommand()
        {
            var run = RunArgument();
            var epochs = new Option<int?>("--epochs") { Description = "train up to this many epochs in all (default: the run's)" };
            var command = new Command("resume", "continue an interrupted run from its latest checkpoint") { run, dataDir, epochs, threads };
            command.SetAction(result =>
            {
                using var experiment = Open(result, run);
                if (result.GetValue(epochs) is { } total && total != experiment.Config.Epochs)
                    experiment.SetTotalEpochs(total);
                if (experiment.Finished)
                {
                    output.WriteLine($"{experiment.Run.Path}: already trained {experiment.EpochsDone} epochs (pass --epochs N to train further)");
                    return 0;
                }
                output.WriteLine($"resuming {experiment.Run.Path} after epoch {experiment.EpochsDone} of {experiment.Config.Epochs}");
                return TrainAndReport(experiment);
            });
            return command;
        }

        Command EvaluateCommand()
        {
            var run = RunArgument();
            var command = new Command("evaluate", "recompute metrics.json from the run's checkpoint") { run, dataDir, threads };
            command.SetAction(result =>
            {
                using var experiment = Open(result, run);
                PrintMetrics(experiment.Evaluate(), experiment.Run);
                return 0;
            });
            return command;
        }

        Command PlotCommand()
        {
            var run = RunArgument();
            var command = new Command("plot", "redraw every figure of a run from its checkpoint") { run, dataDir, threads };
            command.SetAction(result =>
            {
                using var experiment = Open(result, run);
                PrintFigures(experiment.DrawFigures());
                return 0;
            });
            return command;
        }

        Command DataCommand()
        {
            var name = new Argument<string>("dataset") { Description = string.Join(", ", KnownDatasets.All.Select(d => d.Name)) };
            var fetch = new Command("fetch", "download a dataset's canonical files, checking their sha256") { name, dataDir };
            fetch.SetAction(result => Fetch(result.GetValue(name)!, DataDirectory.Resolve(result.GetValue(dataDir))));
            return new Command("data", "manage datasets") { fetch };
        }

        static Argument<string> RunArgument() => new("run") { Description = "a run folder (runs/<preset>-<timestamp>)" };

        Experiment Open(ParseResult result, Argument<string> run)
        {
            var directory = result.GetValue(dataDir) is { } given ? DataDirectory.Resolve(given)
                : Environment.GetEnvironmentVariable(DataDirectory.EnvironmentVariable) is { Length: > 0 } ? DataDirectory.Resolve(null)
                : null;
            var experiment = Experiment.Open(result.GetValue(run)!, directory);
            if (result.GetValue(threads) is { } count)
            {
                if (count < 1) throw new AaeException($"--threads must be at least 1 (got {count})");
                TorchSharp.torch.set_num_threads(count);
            }
            return experiment;
        }

        int TrainAndReport(Experiment experiment)
        {
            using var cancellation = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                cancellation.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                var display = new TrainingDisplay(output, interactive);
                bool finished = display.Run((onStep, onEpoch) => experiment.Train(onStep, onEpoch, cancellation.Token));
                if (!finished)
                {
                    error.WriteLine($"aae: interrupted after epoch {experiment.EpochsDone}; continue with 'aae resume {experiment.Run.Path}'");
                    return Interrupted;
                }
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
            PrintMetrics(experiment.Evaluate(), experiment.Run);
            PrintFigures(experiment.DrawFigures());
            return 0;
        }

        void PrintMetrics(Evaluation.Metrics metrics, RunFolder run)
        {
            var mode = metrics.ModeAccuracy is { } m ? string.Create(CultureInfo.InvariantCulture, $"  mode_accuracy {m:F4}") : "";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"test_mse {metrics.TestMse:F5}  knn_accuracy {metrics.KnnAccuracy:F4}{mode}  train_seconds {metrics.TrainSeconds:F1}"));
            output.WriteLine($"metrics: {run.MetricsPath}");
        }

        void PrintFigures(IReadOnlyList<string> figures)
        {
            foreach (var figure in figures) output.WriteLine($"figure: {figure}");
        }

        /// <summary>Downloads a dataset when its files are missing (run's on-demand fetch).</summary>
        void EnsureData(string dataset, string dataDirectory)
        {
            if (MnistLike.FindFiles(dataDirectory, dataset) is not null) return;
            output.WriteLine($"{Path.Combine(dataDirectory, dataset)}: files missing, downloading");
            Fetch(dataset, dataDirectory);
        }

        int Fetch(string dataset, string dataDirectory)
        {
            if (KnownDatasets.Find(dataset) is null)
                throw new AaeException($"unknown dataset '{dataset}' (known: {string.Join(", ", KnownDatasets.All.Select(d => d.Name))})");
            DownloadResult result;
            if (interactive)
            {
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
                DownloadResult? done = null;
                console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new DownloadedColumn(),
                        new TransferSpeedColumn())
                    .Start(context =>
                    {
                        var tasks = new Dictionary<string, ProgressTask>();
                        var progress = new SynchronousProgress<DownloadProgress>(p =>
                        {
                            if (!tasks.TryGetValue(p.FileName, out var task))
                                tasks[p.FileName] = task = context.AddTask(p.FileName, maxValue: p.BytesTotal ?? 1);
                            if (p.BytesTotal is { } total) task.MaxValue = total;
                            task.Value = p.BytesDone;
                        });
                        done = Downloader.FetchAsync(dataset, dataDirectory, progress).GetAwaiter().GetResult();
                    });
                result = done!;
            }
            else
            {
                var progress = new SynchronousProgress<DownloadProgress>(p =>
                {
                    if (p.BytesDone == 0) output.WriteLine($"downloading {p.FileName}");
                });
                result = Downloader.FetchAsync(dataset, dataDirectory, progress).GetAwaiter().GetResult();
            }
            foreach (var file in result.Downloaded) output.WriteLine($"downloaded {Path.Combine(result.Directory, file)} (sha256 ok)");
            foreach (var file in result.Skipped) output.WriteLine($"present    {Path.Combine(result.Directory, file)}");
            return 0;
        }
    }

    /// <summary>IProgress that reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
