using System.CommandLine;
using System.Globalization;
using Aae.Data;
using Aae.Experiments;
using Aae.Runs;

namespace Aae.Cli;

public static partial class AaeCommandLine
{
    /// <summary>The commands that work from a finished run folder: evaluate, plot, sample, reconstruct, interpolate, transfer.</summary>
    sealed partial class Commands
    {
        Command EvaluateCommand()
        {
            var run = RunArgument();
            var generative = new Option<bool>("--generative")
            {
                Description = "28x28 grey images: also the Parzen log-likelihood of the test set, Fréchet distances (prior samples, code-mixture samples, reconstructions, floor), precision and recall, in the features of a classifier trained once per dataset and cached",
            };
            var command = new Command("evaluate", "recompute metrics.json from the run's checkpoint") { run, generative, dataDir, threads };
            command.SetAction(result =>
            {
                using var experiment = Open(result, run);
                PrintMetrics(experiment.Evaluate(result.GetValue(generative), note: message => output.WriteLine(message)), experiment.Run);
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

        Command ReportCommand()
        {
            var run = RunArgument();
            var outFile = new Option<string?>("--out") { Description = "HTML file to write (default <run>/report.html); elsewhere, the run folder is only read" };
            var command = new Command("report", "(re)write report.html of a run (metrics, curves, figures, a latent explorer) or of the CIFAR-10 study (its table, confusion matrices): one offline page")
                { run, outFile, force, dataDir, threads };
            command.SetAction(result =>
            {
                if (Studies.GenerativeStudy.IsStudy(result.GetValue(run)!))
                {
                    if (result.GetValue(outFile) is not null) throw new AaeException("--out: a study's report is always its folder's report.html");
                    output.WriteLine($"report: {Studies.GenerativeStudyResults.WriteReport(result.GetValue(run)!)}");
                    return 0;
                }
                if (Studies.CifarTransferStudy.IsStudy(result.GetValue(run)!))
                {
                    if (result.GetValue(outFile) is not null) throw new AaeException("--out: a study's report is always its folder's report.html");
                    output.WriteLine($"report: {Studies.CifarTransferStudy.WriteReport(result.GetValue(run)!)}");
                    return 0;
                }
                var given = result.GetValue(outFile);
                var source = RunFolder.Open(result.GetValue(run)!);
                if (given is not null) CheckOutput(result, given, "report", source, isDefault: false);
                using var experiment = Open(result, run, readOnly: given is not null);
                var written = experiment.WriteReport(given is null ? null : Path.GetFullPath(given));
                if (given is not null) OutputFiles.Record(source, "report", [written]);
                output.WriteLine($"report: {written}");
                return 0;
            });
            return command;
        }

        const int MaxSamples = 10_000;

        Command SampleCommand()
        {
            var run = RunArgument();
            var count = new Option<int>("--count") { Description = "how many prior draws to decode", DefaultValueFactory = _ => 64 };
            var seed = new Option<long>("--seed") { Description = "random seed of the draws", DefaultValueFactory = _ => 1 };
            var outFile = new Option<string?>("--out") { Description = "PNG to write (default <run>/figures/samples-<seed>.png, samples-codes-gmm-<seed>.png)" };
            var from = new Option<string>("--from")
            {
                Description = "prior: draws of the prior (needs no dataset); codes-gmm: draws of a 10-component Gaussian mixture fitted to the training codes",
                DefaultValueFactory = _ => "prior",
            };
            var command = new Command("sample", "decode random draws of the prior (or of a mixture fitted to the codes) into an image grid")
                { run, count, seed, from, outFile, force, dataDir, threads };
            command.SetAction(result =>
            {
                int n = result.GetValue(count);
                if (n is < 1 or > MaxSamples) throw new AaeException($"--count must be between 1 and {MaxSamples} (got {n})");
                if (result.GetValue(from) is not ("prior" or "codes-gmm"))
                    throw new AaeException($"--from must be prior or codes-gmm (got '{result.GetValue(from)}')");
                if (result.GetValue(from) == "codes-gmm") return SampleCodeMixture(result, run, n, result.GetValue(seed), outFile);
                SetUpProcessFor(result.GetValue(run)!, Threads(result));
                using var model = TrainedModel.Load(result.GetValue(run)!);
                var path = result.GetValue(outFile) ?? model.Run.Figure($"samples-{result.GetValue(seed)}.png");
                CheckOutput(result, path, "sample", model.Run, isDefault: result.GetValue(outFile) is null);
                model.SaveSamples(path, n, result.GetValue(seed));
                OutputFiles.Record(model.Run, "sample", [path]);
                output.WriteLine($"figure: {Path.GetFullPath(path)}");
                return 0;
            });
            return command;
        }

        int SampleCodeMixture(ParseResult result, Argument<string> run, int count, long seed, Option<string?> outFile)
        {
            var path = DrawIntoFile(result, run, outFile, $"samples-codes-gmm-{seed}.png", "sample",
                (experiment, file) => experiment.SaveCodeMixtureSamples(file, count, seed));
            output.WriteLine($"figure: {path}");
            return 0;
        }

        /// <summary>
        /// A figure drawn from a run that stays untouched: checks --out (or the default name in the
        /// run's figures/), opens the run read-only, draws, records the file as the command's output; returns its full path.
        /// </summary>
        string DrawIntoFile(ParseResult result, Argument<string> run, Option<string?> outFile, string defaultName, string command, Action<Experiment, string> draw)
        {
            var source = RunFolder.Open(result.GetValue(run)!);
            var path = result.GetValue(outFile) ?? source.Figure(defaultName);
            CheckOutput(result, path, command, source, isDefault: result.GetValue(outFile) is null);
            using (var experiment = Open(result, run, readOnly: true)) draw(experiment, path);
            OutputFiles.Record(source, command, [path]);
            return Path.GetFullPath(path);
        }

        Command ReconstructCommand()
        {
            var run = RunArgument();
            var images = new Option<string[]>("--images") { Description = "image files or folders", Required = true, AllowMultipleArgumentsPerToken = true };
            var outFile = new Option<string?>("--out") { Description = "PNG to write (default <run>/figures/reconstructions_custom.png)" };
            var command = new Command("reconstruct", "encode and decode chosen images, shown beside the originals") { run, images, outFile, force, dataDir, threads };
            command.SetAction(result =>
            {
                var files = ImageFiles.Expand(result.GetValue(images)!);
                var path = DrawIntoFile(result, run, outFile, "reconstructions_custom.png", "reconstruct",
                    (experiment, file) => experiment.SaveReconstructions(file, files));
                output.WriteLine($"figure: {path} ({Math.Min(32, files.Count)} of {files.Count} images)");
                return 0;
            });
            return command;
        }

        Command SwapCommand()
        {
            var run = RunArgument();
            var identity = new Option<string[]>("--identity") { Description = "image files or folders whose people the rows show", Required = true, AllowMultipleArgumentsPerToken = true };
            var style = new Option<string[]>("--style") { Description = "image files or folders whose pose, light and background the columns show", Required = true, AllowMultipleArgumentsPerToken = true };
            var outFile = new Option<string?>("--out") { Description = "PNG to write (default <run>/figures/swaps_custom.png)" };
            var command = new Command("swap", "an identity-aae run's faces with who and how exchanged: each --identity person in each --style pose") { run, identity, style, outFile, force, dataDir, threads };
            command.SetAction(result =>
            {
                var identityFiles = ImageFiles.Expand(result.GetValue(identity)!);
                var styleFiles = ImageFiles.Expand(result.GetValue(style)!);
                var path = DrawIntoFile(result, run, outFile, "swaps_custom.png", "swap",
                    (experiment, file) => experiment.SaveSwaps(file, identityFiles, styleFiles));
                output.WriteLine($"figure: {path} ({identityFiles.Count} x {styleFiles.Count} faces)");
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
                { run, images, frames, seed, outFile, force, dataDir, threads };
            command.SetAction(result =>
            {
                Experiment.CheckFrames(result.GetValue(frames));
                var given = result.GetValue(images);
                var files = given is { Length: > 0 } ? ImageFiles.Expand(given) : null;
                var path = DrawIntoFile(result, run, outFile, "walk.gif", "interpolate",
                    (experiment, file) => experiment.SaveWalks(file, files, result.GetValue(frames), result.GetValue(seed)));
                output.WriteLine($"animation: {path}");
                return 0;
            });
            return command;
        }

        Command ClassifyCommand()
        {
            var run = RunArgument();
            var images = new Option<string[]>("--images") { Description = "image files or folders", Required = true, AllowMultipleArgumentsPerToken = true };
            var command = new Command("classify", "a categorical-aae run's class (or cluster) of each image, with its probability") { run, images, threads };
            command.SetAction(result =>
            {
                var files = ImageFiles.Expand(result.GetValue(images)!);
                SetUpProcessFor(result.GetValue(run)!, Threads(result));
                using var model = TrainedModel.Load(result.GetValue(run)!);
                foreach (var image in Classification.Classify(model, files))
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{image.File}\t{(image.Class is null ? "" : $"class {image.Class}  ")}category {image.Category}  p {image.Probability:F4}"));
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
            var untrained = new Option<long?>("--untrained-seed")
                { Description = "a control: the run's encoder with the initial weights of this seed instead of its trained ones" };
            var epoch = new Option<int?>("--epoch")
                { Description = "the encoder's weights after this epoch (kept by training with --keep-checkpoints) instead of its final ones" };
            var part = new Option<string?>("--part")
                { Description = "classify one named part of the code only (identity-aae runs: identity or style)" };
            var command = new Command("transfer", "encode CIFAR-10 with a faces encoder and classify the codes with LightGBM")
                { run, dataset, classes, outDir, limit, untrained, epoch, part, dataDir, threads };
            command.SetAction(result =>
            {
                if (result.GetValue(dataset) != "cifar10") throw new AaeException($"--dataset: only cifar10 is supported (got '{result.GetValue(dataset)}')");
                var subset = ParseClasses(result.GetValue(classes));
                var folder = result.GetValue(outDir)
                    ?? Path.Combine(result.GetValue(run)!, (subset is null ? "transfer-all" : "transfer-" + string.Join("-", subset))
                        + (result.GetValue(part) is { } name ? "-" + name : ""));
                SetUpProcessFor(result.GetValue(run)!, Threads(result) ?? 2);
                var outcome = TransferExperiment.Run(new TransferExperiment.Options(result.GetValue(run)!,
                    DataDirectory.Resolve(result.GetValue(dataDir)), folder, subset, Threads(result) ?? 2, result.GetValue(limit),
                    UntrainedSeed: result.GetValue(untrained), Epoch: result.GetValue(epoch), Part: result.GetValue(part)),
                    line => output.WriteLine(line));
                PrintClassifier(outcome, folder);
                return 0;
            });
            return command;
        }

        static IReadOnlyList<string>? ParseClasses(string? text) =>
            text is null ? null : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

        void PrintClassifier(ClassifierResult outcome, string folder)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{outcome.Model}: test accuracy {ClassifierOutputs.Percent(outcome.Test.Accuracy)}  AUROC {ClassifierOutputs.Percent(outcome.Test.Auroc)}  " +
                $"(train {ClassifierOutputs.Percent(outcome.Train.Accuracy)} / {ClassifierOutputs.Percent(outcome.Train.Auroc)})  {outcome.Seconds:F0}s"));
            output.WriteLine($"results: {Path.GetFullPath(Path.Combine(folder, "results.md"))}");
        }

    }
}
