using System.CommandLine;
using System.Globalization;
using Aae.Config;
using Aae.Data;
using Aae.Experiments;
using Aae.Runs;
using Aae.Studies;

namespace Aae.Cli;

public static partial class AaeCommandLine
{
    /// <summary>The commands that train: run (a preset, a config file or a study) and resume.</summary>
    sealed partial class Commands
    {
        Command RunCommand()
        {
            var preset = new Argument<string?>("preset")
                { Description = "experiment to run: " + string.Join(", ", Presets.Names), Arity = ArgumentArity.ZeroOrOne };
            var configFile = new Option<string?>("--config") { Description = "start from this config.json (a run's) instead of a preset" };
            var outDir = new Option<string?>("--out") { Description = "run folder (default runs/<preset>-<UTC timestamp>)" };
            var noDownload = new Option<bool>("--no-download") { Description = "fail instead of downloading missing data" };
            var encoderRun = new Option<string?>("--encoder-run", "--faces-run") { Description = "cifar10-transfer: use this faces run's encoder, e.g. an lfw-faces-all run (default: train lfw-faces first)" };
            var identityRun = new Option<string?>("--identity-run") { Description = "cifar10-transfer: add rows for this identity-aae run's whole code and each of its parts" };
            var plainRun = new Option<string?>("--plain-run") { Description = "cifar10-transfer: use this λ = 0 faces run as the plain autoencoder (default: train one)" };
            var seeds = new Option<int>("--seeds") { Description = "cifar10-transfer: seeds per control row; mnist-generative-study: seeds per family and code size", DefaultValueFactory = _ => 3 };
            var settings = new ConfigOptions(helpDefaults.Config, helpDefaults.Source);
            var command = new Command("run", "train a preset (or a run's config.json), then evaluate it and draw its figures")
                { preset, configFile, dataDir, outDir, noDownload, encoderRun, plainRun, identityRun, seeds };
            foreach (var option in settings.All) command.Options.Add(option);
            command.SetAction(result =>
            {
                var (config, name) = StartingConfig(result.GetValue(preset), result.GetValue(configFile));
                var runPath = result.GetValue(outDir)
                    ?? Path.Combine("runs", $"{name}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
                var dataDirectory = DataDirectory.Resolve(result.GetValue(dataDir));
                if (name == Presets.CifarCnn)
                    return RunCnn(settings.ApplyCnn(new CnnConfig(), result), dataDirectory, runPath);
                if (name == Presets.CifarTransfer)
                {
                    if (CifarTransferStudy.IsStudy(runPath))
                        throw new AaeException($"{Path.GetFullPath(runPath)}: already holds a transfer study: continue it with 'aae resume {runPath}'");
                    return RunTransferStudy(new CifarTransferStudy.Options(Path.GetFullPath(runPath), dataDirectory, FullPath(result.GetValue(encoderRun)),
                        settings.ApplyCnn(new CnnConfig(), result), FullPath(result.GetValue(plainRun)), result.GetValue(seeds),
                        IdentityRun: FullPath(result.GetValue(identityRun))));
                }
                if (name == Presets.GenerativeStudy)
                {
                    if (GenerativeStudy.IsStudy(runPath))
                        throw new AaeException($"{Path.GetFullPath(runPath)}: already holds a generative study: continue it with 'aae resume {runPath}'");
                    return RunGenerativeStudy(settings.ApplyGenerative(new GenerativeStudy.Options(Path.GetFullPath(runPath), dataDirectory, result.GetValue(seeds)), result));
                }
                config = settings.Apply(config!, result);
                CheckThreads(settings.Value<int>(result, "--threads"));
                config.Validate();
                if (!result.GetValue(noDownload) && !EnsureData(config.Data.Dataset, dataDirectory)) return Interrupted;
                var process = SetUpProcess(config);
                using var experiment = Experiment.Start(config, runPath, dataDirectory);
                experiment.Run.AppendLog(process);
                output.WriteLine($"run folder: {experiment.Run.Path}");
                PrintNotes(experiment);
                return TrainAndReport(experiment);
            });
            return command;
        }

        /// <summary>The preset's configuration, or a run's config.json; the name is the preset's (a study has no configuration).</summary>
        static (RunConfig? Config, string Name) StartingConfig(string? preset, string? configFile)
        {
            if (preset is not null && configFile is not null)
                throw new AaeException($"give a preset or --config, not both (got '{preset}' and --config {configFile})");
            if (configFile is not null)
            {
                var config = RunInfo.Read(configFile).Config;
                ConfigKeys.ValidateStored(config, configFile);
                return (config, config.Preset);
            }
            if (preset is null) throw new AaeException("name a preset (see 'aae --help') or give --config <run>/config.json");
            return Presets.IsStudy(preset) ? (null, preset) : (Presets.Find(preset).Config, preset);
        }

        Command ResumeCommand()
        {
            var run = RunArgument();
            var epochs = new Option<int?>("--epochs") { Description = "train up to this many epochs in all (default: the run's)" };
            var command = new Command("resume", "continue an interrupted run from its latest checkpoint") { run, dataDir, epochs, threads };
            command.SetAction(result =>
            {
                if (CifarTransferStudy.IsStudy(result.GetValue(run)!))
                {
                    var options = CifarTransferStudy.ReadOptions(result.GetValue(run)!);
                    output.WriteLine($"continuing the transfer study in {options.Folder}");
                    return RunTransferStudy(options with { Folder = Path.GetFullPath(result.GetValue(run)!) });
                }
                if (GenerativeStudy.IsStudy(result.GetValue(run)!))
                {
                    var options = GenerativeStudy.ReadOptions(result.GetValue(run)!);
                    output.WriteLine($"continuing the generative study in {options.Folder}");
                    return RunGenerativeStudy(options with { Folder = Path.GetFullPath(result.GetValue(run)!) });
                }
                using var experiment = Open(result, run, fromScratchIfNoCheckpoint: true);
                experiment.Run.AppendLog(processNotes);
                if (result.GetValue(epochs) is { } total && total != experiment.Config.Training.Epochs)
                    experiment.SetTotalEpochs(total);
                if (experiment.IsComplete)
                {
                    output.WriteLine($"{experiment.Run.Path}: already trained {experiment.EpochsDone} epochs and evaluated (pass --epochs N to train further)");
                    return 0;
                }
                output.WriteLine(experiment.Finished
                    ? $"finishing {experiment.Run.Path}: trained {experiment.EpochsDone} epochs; writing what is missing (final checkpoint, figures, metrics)"
                    : $"resuming {experiment.Run.Path} after epoch {experiment.EpochsDone} of {experiment.Config.Training.Epochs}");
                return TrainAndReport(experiment);
            });
            return command;
        }

        int RunCnn(CnnConfig config, string dataDirectory, string folder)
        {
            output.WriteLine($"run folder: {Path.GetFullPath(folder)}");
            SetUpProcess(config.Threads, exactConvolutions: false);
            var outcome = CnnExperiment.Run(config, dataDirectory, folder, line => output.WriteLine(line));
            PrintClassifier(outcome, folder);
            return 0;
        }

        static string? FullPath(string? path) => path is null ? null : Path.GetFullPath(path);

        int RunTransferStudy(CifarTransferStudy.Options options)
        {
            int code = 0;
            SetUpProcess(options.Cnn.Threads, CifarTransferStudy.NeedsExactConvolutions(options));
            var table = CifarTransferStudy.Run(options, experiment => (code = TrainAndReport(experiment)) == 0,
                line => output.WriteLine(line), PrintClassifier);
            if (table is null) return code;
            output.WriteLine(table);
            output.WriteLine($"results: {Path.GetFullPath(Path.Combine(options.Folder, "results.md"))}");
            return 0;
        }

        int RunGenerativeStudy(GenerativeStudy.Options options)
        {
            int code = 0;
            CheckThreads(options.Threads);
            SetUpProcess(options.Threads, exactConvolutions: false);
            var table = GenerativeStudy.Run(options, experiment => (code = TrainAndReport(experiment)) == 0, line => output.WriteLine(line));
            if (table is null) return code;
            output.WriteLine(table);
            output.WriteLine($"results: {Path.GetFullPath(Path.Combine(options.Folder, "results.md"))}");
            return 0;
        }

        int TrainAndReport(Experiment experiment)
        {
            using (var interruption = new Interruption())
            {
                var display = new TrainingDisplay(output, interactive);
                bool finished = display.Run((onStep, onEpoch) => experiment.Train(onStep, onEpoch, interruption.Token));
                if (!finished)
                {
                    error.WriteLine($"aae: interrupted after epoch {experiment.EpochsDone}; continue with 'aae resume {experiment.Run.Path}'");
                    return Interrupted;
                }
            }
            // Figures and report, then metrics.json: written last, it marks the run complete.
            StopSignals.Hint = $" while evaluating and drawing figures; finish with 'aae resume {experiment.Run.Path}'";
            var (metrics, figures) = experiment.Finish();
            StopSignals.Hint = "";
            PrintMetrics(metrics, experiment.Run);
            PrintFigures(figures);
            return 0;
        }

        /// <summary>Prints the run's metrics on one line, in metrics.json's order (per-class and per-category ones stay in the file).</summary>
        void PrintMetrics(Evaluation.Metrics metrics, RunFolder run)
        {
            string[] counts = ["epochs", "train_images", "test_images"];
            bool Detail(string key) => key.StartsWith("class_", StringComparison.Ordinal) || key.StartsWith("category_", StringComparison.Ordinal);
            output.WriteLine(string.Join("  ", metrics.Values.Where(v => !counts.Contains(v.Key) && !Detail(v.Key)).Select(v =>
                v.Key + " " + v.Value.ToString(v.Key.EndsWith("_mse", StringComparison.Ordinal) ? "F5" : v.Key.EndsWith("seconds", StringComparison.Ordinal) || v.Key == "images_per_second" ? "F1" : "F4",
                    CultureInfo.InvariantCulture))));
            output.WriteLine($"metrics: {run.MetricsPath}");
        }
    }
}
