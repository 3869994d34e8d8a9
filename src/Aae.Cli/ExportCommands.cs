using System.CommandLine;
using Aae.Config;
using Aae.Data;
using Aae.Export;
using Aae.Runs;

namespace Aae.Cli;

public static partial class AaeCommandLine
{
    /// <summary>`aae export` (a run's weights for PyTorch) and `aae import` (weights from PyTorch into a new run folder).</summary>
    sealed partial class Commands
    {
        /// <summary>
        /// A way to export a trained model: its file extension, the files it would write for an --out
        /// (checked before any work), and what writes them (returning every file written).
        /// </summary>
        sealed record Exporter(string Extension, Func<string, IReadOnlyList<string>> Files, Func<TrainedModel, string, IReadOnlyList<string>> Write);

        /// <summary>The export formats by name; a new format is one more entry.</summary>
        static readonly Dictionary<string, Exporter> exporters = WeightsFormat.All.ToDictionary(format => format.Name,
            format => new Exporter(format.Extension, path => [path, WeightsSidecar.PathFor(Path.GetFullPath(path))], (model, path) =>
            {
                var (weights, sidecar) = WeightsExport.Write(model, path, format);
                return [weights, sidecar];
            }));

        static Commands()
        {
            // ONNX: encoder.onnx and decoder.onnx in a folder (--out, else <run>/export/).
            static string Folder(string path) => path.EndsWith(".onnx", StringComparison.Ordinal) ? Path.GetDirectoryName(Path.GetFullPath(path))! : path;
            exporters["onnx"] = new Exporter(".onnx",
                path => [Path.Combine(Folder(path), OnnxExport.EncoderFileName), Path.Combine(Folder(path), OnnxExport.DecoderFileName)],
                (model, path) => OnnxExport.Save(model, Folder(path)));
        }

        Command ExportCommand()
        {
            var run = RunArgument();
            var format = new Option<string>("--format")
                { Description = $"file format: {string.Join(", ", exporters.Keys)} (pt: a torch.save state_dict; onnx: encoder.onnx and decoder.onnx, opset 17)", DefaultValueFactory = _ => "safetensors" };
            var outFile = new Option<string?>("--out") { Description = "file to write (default <run>/export/weights.<format>); a .json describing it goes beside it; for onnx a folder" };
            var epoch = new Option<int?>("--epoch") { Description = "the weights kept after this epoch (--keep-checkpoints) instead of the final ones" };
            var command = new Command("export", "write a run's weights for PyTorch, named as bench/reference_aae.py's networks name them (encoder.0.weight, ...)")
                { run, format, outFile, force, epoch, threads };
            command.SetAction(result =>
            {
                var name = result.GetValue(format)!;
                if (!exporters.TryGetValue(name, out var exporter))
                    throw new AaeException($"--format: unknown format '{name}' (known: {string.Join(", ", exporters.Keys)})");
                SetUpProcessFor(result.GetValue(run)!, Threads(result));
                using var model = TrainedModel.Load(result.GetValue(run)!, epoch: result.GetValue(epoch));
                var path = result.GetValue(outFile) ?? WeightsExport.DefaultPath(model.Run, exporter.Extension);
                foreach (var file in exporter.Files(path))
                    CheckOutput(result, file, "export", model.Run, isDefault: result.GetValue(outFile) is null);
                var files = exporter.Write(model, path);
                OutputFiles.Record(model.Run, "export", files);
                foreach (var written in files) output.WriteLine($"wrote {written}");
                return 0;
            });
            return command;
        }

        Command ImportCommand()
        {
            var weights = new Argument<string>("weights") { Description = "a .safetensors file or a torch.save state_dict (.pt, .pth), tensors named as 'aae export' names them" };
            var preset = new Option<string?>("--preset") { Description = "the networks to load into: " + string.Join(", ", Presets.All.Select(p => p.Name)) };
            var configFile = new Option<string?>("--config") { Description = "or the settings of a run's config.json (or an export's .json)" };
            var outDir = new Option<string?>("--out") { Description = "the new run folder (default runs/<preset>-imported-<UTC timestamp>); must not exist" };
            var noDownload = new Option<bool>("--no-download") { Description = "fail instead of downloading missing data" };
            var settings = new ConfigOptions(helpDefaults.Config, helpDefaults.Source);
            var command = new Command("import", "make a run folder from PyTorch weights (enc, dec, disc), for evaluate, plot, report, sample, ...")
                { weights, preset, configFile, outDir, dataDir, noDownload };
            foreach (var option in settings.All) command.Options.Add(option);
            command.SetAction(result =>
            {
                var (config, name) = StartingConfig(result.GetValue(preset), result.GetValue(configFile));
                if (config is null) throw new AaeException($"{name} trains classifiers, not an autoencoder: there are no networks to import into");
                config = settings.Apply(config, result);
                CheckThreads(settings.Value<int>(result, "--threads"));
                config.Validate();
                var runPath = result.GetValue(outDir)
                    ?? Path.Combine("runs", $"{name}-imported-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture)}");
                // Before any download: a mistyped file or an existing folder is told at once.
                WeightsImport.CheckPaths(result.GetValue(weights)!, runPath);
                var dataDirectory = DataDirectory.Resolve(result.GetValue(dataDir));
                if (!result.GetValue(noDownload) && !EnsureData(config.Data.Dataset, dataDirectory)) return Interrupted;
                var process = SetUpProcess(config);
                var imported = WeightsImport.Import(result.GetValue(weights)!, config, runPath, dataDirectory);
                imported.AppendLog(process);
                output.WriteLine($"run folder: {imported.Path}");
                output.WriteLine($"next: 'aae evaluate {imported.Path}' for its metrics, or 'aae resume {imported.Path}' for metrics, figures and report.html");
                return 0;
            });
            return command;
        }
    }
}
