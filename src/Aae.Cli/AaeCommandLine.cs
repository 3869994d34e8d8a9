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
    public const int InternalError = 3;
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
            Root = new RootCommand("Aae: adversarial autoencoders (Makhzani et al. 2015) on MNIST, faces and CIFAR-10.\n\nPresets:\n" +
                string.Join("\n", Presets.All.Select(p => (p.Name, p.Description)).Concat(Presets.Studies).Select(p => $"  {p.Name,-24}{p.Description}")));
            Root.HelpName = "aae";
            Root.Subcommands.Add(RunCommand());
            Root.Subcommands.Add(ResumeCommand());
            Root.Subcommands.Add(EvaluateCommand());
            Root.Subcommands.Add(PlotCommand());
            Root.Subcommands.Add(TransferCommand());
            Root.Subcommands.Add(SampleCommand());
            Root.Subcommands.Add(ReconstructCommand());
            Root.Subcommands.Add(InterpolateCommand());
            Root.Subcommands.Add(DataCommand());
            Root.Subcommands.Add(BenchCommand.Create(output, error));
        }

        Command RunCommand()
        {
            var preset = new Argument<string>("preset")
                { Description = "experiment to run: " + string.Join(", ", Presets.Names) };
            var outDir = new Option<string?>("--out") { Description = "run folder (default runs/<preset>-<UTC timestamp>)" };
            var noDownload = new Option<bool>("--no-download") { Description = "fail instead of downloading missing data" };
            var encoderRun = new Option<string?>("--encoder-run") { Description = "cifar10-transfer: use this faces run's encoder (default: train lfw-faces first)" };
            var settings = new ConfigOptions();
            var command = new Command("run", "train a preset, then evaluate it and draw its figures") { preset, dataDir, outDir, noDownload, encoderRun };
            foreach (var option in settings.All) command.Options.Add(option);
            command.SetAction(result =>
            {
                var name = result.GetValue(preset)!;
                var runPath = result.GetValue(outDir)
                    ?? Path.Combine("runs", $"{name}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
                if (name == Presets.CifarCnn)
                    return RunCnn(settings.ApplyCnn(new CnnConfig(), result), DataDirectory.Resolve(result.GetValue(dataDir)), runPath);
                if (name == Presets.CifarTransfer)
                    return RunTransferStudy(result, settings, result.GetValue(encoderRun), DataDirectory.Resolve(result.GetValue(dataDir)), runPath);
                var chosen = Presets.Find(name);
                var config = settings.Apply(chosen.Config, result);
                config.Validate();
                var dataDirectory = DataDirectory.Resolve(result.GetValue(dataDir));
                if (!result.GetValue(noDownload)) EnsureData(config.Dataset, dataDirectory);
                using var experiment = Experiment.Start(config, runPath, dataDirectory);
                output.WriteLine($"run folder: {experiment.Run.Path}");
                PrintNotes(experiment);
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

        Command TransferCommand()
        {
            var run = new Argument<string>("faces-run") { Description = "a faces run folder (lfw-faces) whose encoder reads the images" };
            var dataset = new Option<string>("--dataset") { Description = "dataset to classify", DefaultValueFactory = _ => "cifar10" };
            var classes = new Option<string?>("--classes") { Description = "comma-separated class subset, e.g. automobile,ship" };
            var outDir = new Option<string?>("--out") { Description = "output folder (default <faces-run>/transfer-<classes>)" };
            var limit = new Option<int?>("--limit") { Description = "use the first N images of each CIFAR file" };
            var command = new Command("transfer", "encode CIFAR-10 with a faces encoder and classify the codes with LightGBM")
                { run, dataset, classes, outDir, limit, dataDir, threads };
            command.SetAction(result =>
            {
                if (result.GetValue(dataset) != "cifar10") throw new AaeException($"--dataset: only cifar10 is supported (got '{result.GetValue(dataset)}')");
                var subset = ParseClasses(result.GetValue(classes));
                var folder = result.GetValue(outDir)
                    ?? Path.Combine(result.GetValue(run)!, subset is null ? "transfer-all" : "transfer-" + string.Join("-", subset));
                var outcome = TransferExperiment.Run(new TransferExperiment.Options(result.GetValue(run)!,
                    DataDirectory.Resolve(result.GetValue(dataDir)), folder, subset, result.GetValue(threads) ?? 2, result.GetValue(limit)),
                    line => output.WriteLine(line));
                PrintClassifier(outcome, folder);
                return 0;
            });
            return command;
        }

        static IReadOnlyList<string>? ParseClasses(string? text) =>
            text is null ? null : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

        int RunCnn(CnnConfig config, string dataDirectory, string folder)
        {
            output.WriteLine($"run folder: {Path.GetFullPath(folder)}");
            var outcome = CnnExperiment.Run(config, dataDirectory, folder, line => output.WriteLine(line));
            PrintClassifier(outcome, folder);
            return 0;
        }

        /// <summary>The whole study: a faces encoder (trained unless given), transfer on all classes and car/ship, the CNN, one table.</summary>
        int RunTransferStudy(ParseResult result, ConfigOptions settings, string? encoder, string dataDirectory, string folder)
        {
            var cnnConfig = settings.ApplyCnn(new CnnConfig(), result);
            int threadCount = cnnConfig.Threads;
            if (encoder is null)
            {
                encoder = Path.Combine(folder, "faces");
                output.WriteLine($"no --encoder-run given: training lfw-faces into {Path.GetFullPath(encoder)}");
                var faces = Presets.Find("lfw-faces").Config with { Threads = threadCount };
                using var experiment = Experiment.Start(faces, encoder, dataDirectory);
                int code = TrainAndReport(experiment);
                if (code != 0) return code;
            }
            var all = TransferExperiment.Run(new TransferExperiment.Options(encoder, dataDirectory, Path.Combine(folder, "transfer-all"),
                null, threadCount, cnnConfig.Limit), line => output.WriteLine(line));
            PrintClassifier(all, Path.Combine(folder, "transfer-all"));
            var carShip = TransferExperiment.Run(new TransferExperiment.Options(encoder, dataDirectory, Path.Combine(folder, "transfer-car-ship"),
                TransferStudy.CarShip, threadCount, cnnConfig.Limit), line => output.WriteLine(line));
            PrintClassifier(carShip, Path.Combine(folder, "transfer-car-ship"));
            var cnn = CnnExperiment.Run(cnnConfig, dataDirectory, Path.Combine(folder, "cnn"), line => output.WriteLine(line));
            PrintClassifier(cnn, Path.Combine(folder, "cnn"));
            output.WriteLine(TransferStudy.Write(folder, TransferStudy.Table(cnn, all, carShip)));
            output.WriteLine($"results: {Path.GetFullPath(Path.Combine(folder, "results.md"))}");
            return 0;
        }

        void PrintClassifier(ClassifierResult outcome, string folder)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{outcome.Model}: test accuracy {ClassifierOutputs.Percent(outcome.Test.Accuracy)}  AUROC {ClassifierOutputs.Percent(outcome.Test.Auroc)}  " +
                $"(train {ClassifierOutputs.Percent(outcome.Train.Accuracy)} / {ClassifierOutputs.Percent(outcome.Train.Auroc)})  {outcome.Seconds:F0}s"));
            output.WriteLine($"results: {Path.GetFullPath(Path.Combine(folder, "results.md"))}");
        }

        Command SampleCommand()
        {
            var run = RunArgument();
            var count = new Option<int>("--count") { Description = "how many prior draws to decode", DefaultValueFactory = _ => 64 };
            var seed = new Option<long>("--seed") { Description = "random seed of the draws", DefaultValueFactory = _ => 1 };
            var outFile = new Option<string?>("--out") { Description = "PNG to write (default <run>/figures/samples-<seed>.png)" };
            var command = new Command("sample", "decode random draws of the prior into an image grid") { run, count, seed, outFile, dataDir, threads };
            command.SetAction(result =>
            {
                int n = result.GetValue(count);
                if (n < 1) throw new AaeException($"--count must be at least 1 (got {n})");
                using var experiment = Open(result, run);
                var path = result.GetValue(outFile) ?? experiment.Run.Figure($"samples-{result.GetValue(seed)}.png");
                experiment.SaveSamples(path, n, result.GetValue(seed));
                output.WriteLine($"figure: {Path.GetFullPath(path)}");
                return 0;
            });
            return command;
        }

        Command ReconstructCommand()
        {
            var run = RunArgument();
            var images = new Option<string[]>("--images") { Description = "image files or folders", Required = true, AllowMultipleArgumentsPerToken = true };
            var outFile = new Option<string?>("--out") { Description = "PNG to write (default <run>/figures/reconstructions_custom.png)" };
            var command = new Command("reconstruct", "encode and decode chosen images, shown beside the originals") { run, images, outFile, dataDir, threads };
            command.SetAction(result =>
            {
                var files = ImageFiles.Expand(result.GetValue(images)!);
                using var experiment = Open(result, run);
                var path = result.GetValue(outFile) ?? experiment.Run.Figure("reconstructions_custom.png");
                experiment.SaveReconstructions(path, files);
                output.WriteLine($"figure: {Path.GetFullPath(path)} ({Math.Min(32, files.Count)} of {files.Count} images)");
                return 0;
            });
            return command;
        }

        Command InterpolateCommand()
        {
            var run = RunArgument();
            var images = new Option<string[]>("--images")
                { Description = "image files: consecutive pairs walk to each other (default: 16 training images to their nearest neighbours)", AllowMultipleArgumentsPerToken = true };
            var frames = new Option<int>("--frames") { Description = "frames per direction", DefaultValueFactory = _ => 32 };
            var seed = new Option<long>("--seed") { Description = "which training images (without --images)", DefaultValueFactory = _ => 1 };
            var outFile = new Option<string?>("--out") { Description = "GIF to write (default <run>/figures/walk.gif)" };
            var command = new Command("interpolate", "animate latent walks between images (nearest neighbours, cos² easing)")
                { run, images, frames, seed, outFile, dataDir, threads };
            command.SetAction(result =>
            {
                var given = result.GetValue(images);
                var files = given is { Length: > 0 } ? ImageFiles.Expand(given) : null;
                using var experiment = Open(result, run);
                var path = result.GetValue(outFile) ?? experiment.Run.Figure("walk.gif");
                experiment.SaveWalks(path, files, result.GetValue(frames), result.GetValue(seed));
                output.WriteLine($"animation: {Path.GetFullPath(path)}");
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
            var parts = new List<string>();
            void Add(string name, double? value, string format)
            {
                if (value is { } v) parts.Add(name + " " + v.ToString(format, CultureInfo.InvariantCulture));
            }
            Add("test_mse", metrics.TestMse, "F5");
            Add("train_mse", metrics.TrainMse, "F5");
            Add("heldout_mse", metrics.HeldoutMse, "F5");
            Add("knn_accuracy", metrics.KnnAccuracy, "F4");
            Add("mode_accuracy", metrics.ModeAccuracy, "F4");
            Add("train_seconds", metrics.TrainSeconds, "F1");
            Add("images_per_second", metrics.ImagesPerSecond, "F1");
            output.WriteLine(string.Join("  ", parts));
            output.WriteLine($"metrics: {run.MetricsPath}");
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

        /// <summary>Downloads a dataset when its files are missing (run's on-demand fetch).</summary>
        void EnsureData(string dataset, string dataDirectory)
        {
            if (KnownDatasets.Find(dataset) is null || MnistLike.FindFiles(dataDirectory, dataset) is not null) return;
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
