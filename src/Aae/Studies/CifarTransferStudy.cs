using Aae.Config;
using Aae.Data;
using Aae.Experiments;
using Aae.Runs;

namespace Aae.Studies;

/// <summary>
/// The study's CIFAR-10 question, answered with controls: LightGBM on the codes of a faces encoder
/// (trained, along its training, untrained), of a plain autoencoder on the same faces (λ = 0), and
/// on a PCA of the pixels, with LightGBM's defaults and tuned on a validation split; beside the
/// pixel CNN. Every step saves its result in the study folder and is skipped when the study runs
/// again (aae resume), so an interrupted study loses at most the step it was in.
/// </summary>
public static class CifarTransferStudy
{
    /// <param name="EncoderRun">A finished lfw-faces run to use (else one is trained into faces/).</param>
    /// <param name="PlainRun">A finished λ = 0 faces run (else one is trained into faces-plain/).</param>
    /// <param name="Seeds">Seeds per row where a seed changes something.</param>
    /// <param name="Epochs">Epochs of the faces run whose encoders are compared (kept checkpoints).</param>
    /// <param name="IdentityRun">A finished identity-aae run (lfw-identity) whose code parts get rows of their own.</param>
    public sealed record Options(string Folder, string DataDirectory, string? EncoderRun, CnnConfig Cnn, string? PlainRun = null,
        int Seeds = 3, int[]? Epochs = null, string? IdentityRun = null)
    {
        public int[] ComparedEpochs => Epochs ?? [1, 10];
    }

    public const string OptionsFile = "study.json";
    const int PcaComponents = 400;
    const int ValidationCodes = 10_000;

    /// <summary>Whether <paramref name="folder"/> holds a transfer study (to resume).</summary>
    public static bool IsStudy(string folder) => File.Exists(Path.Combine(folder, OptionsFile));

    public static Options ReadOptions(string folder) => Json.Read<Options>(Path.Combine(folder, OptionsFile));

    /// <param name="trainFaces">Trains, evaluates and plots the faces run it is given; false when interrupted.</param>
    /// <returns>The results table, or null when training a faces run was interrupted.</returns>
    public static string? Run(Options options, Func<Experiment, bool> trainFaces, Action<string> log, Action<ClassifierResult, string> onResult)
    {
        options.Cnn.Validate();
        if (options.Seeds < 1) throw new AaeException($"--seeds must be at least 1 (got {options.Seeds})");
        if (options.IdentityRun is { } identityRun) TransferRows.CodeParts(identityRun);
        using var hold = StudyFolder.Claim(options.Folder, OptionsFile, Json.Serialize(options), "a transfer study");
        int threads = options.Cnn.Threads;
        var faces = options.EncoderRun ?? TrainFaces(options, "faces", "lfw-faces", Faces(options, lambda: null), trainFaces, log);
        if (faces is null) return null;
        var plain = options.PlainRun ?? TrainFaces(options, "faces-plain", "a plain autoencoder (lfw-faces, λ = 0)", Faces(options, lambda: 0), trainFaces, log);
        if (plain is null) return null;

        var cifar = Cifar10.Load(options.DataDirectory, options.Cnn.Limit);
        var rows = new TransferRows(options.Folder, threads, options.Seeds, log, onResult);
        using (var codes = new TransferCodes(options.Folder, cifar, log))
        {
            // A slice (--limit) of fewer images than 400 components gets as many as half its images.
            rows.Build(codes, faces, plain, options.ComparedEpochs, Math.Min(PcaComponents, cifar.Train.Count / 2),
                Math.Min(ValidationCodes, cifar.Train.Count / 5));
            if (options.IdentityRun is { } identity) rows.AddCodeParts(codes, identity);
        }
        cifar.Train.Dispose();
        cifar.Test.Dispose();

        var cnnFolder = Path.Combine(options.Folder, "cnn");
        var cnnResults = Path.Combine(cnnFolder, "results.json");
        var cnn = File.Exists(cnnResults) ? Json.Read<ClassifierResult>(cnnResults) : CnnExperiment.Run(options.Cnn, options.DataDirectory, cnnFolder, log);
        onResult(cnn, cnnFolder);
        var table = rows.Finish(cnn, faces, plain);
        WriteReport(options.Folder);
        return table;
    }

    /// <summary>Whether a faces network the study trains or is given needs oneDNN off (the entry point switches it, see ProcessSettings).</summary>
    public static bool NeedsExactConvolutions(Options options) =>
        Faces(options, lambda: null).Networks.NeedsExactConvolutions
        || new[] { options.EncoderRun, options.PlainRun, options.IdentityRun }.Any(run =>
            run is not null && Runs.RunFolder.Open(run).LoadInfo().Config.Networks.NeedsExactConvolutions);

    /// <summary>(Re)writes the study's report.html from its folder; returns its path.</summary>
    public static string WriteReport(string folder) =>
        Visualization.Report.StudyReport.Write(Path.GetFullPath(folder), $"cifar10-transfer: {Path.GetFileName(Path.GetFullPath(folder))}");

    /// <summary>The lfw-faces preset keeping the compared epochs' weights; λ = 0 makes it a plain autoencoder.</summary>
    static RunConfig Faces(Options options, double? lambda)
    {
        var faces = Presets.Find("lfw-faces").Config;
        // λ through the faces family's own setting, so the study names no family type.
        if (lambda is { } l) faces = Settings.Find("--lambda", faces.Family.Name).Apply(faces, l);
        return faces with
        {
            Training = faces.Training with { Threads = options.Cnn.Threads, KeepCheckpoints = options.ComparedEpochs },
        };
    }

    /// <summary>Trains a faces run into the study folder, or finishes one an earlier, interrupted study began.</summary>
    /// <param name="what">The run as the log names it.</param>
    static string? TrainFaces(Options options, string name, string what, RunConfig config, Func<Experiment, bool> trainFaces, Action<string> log) =>
        StudyFolder.TrainRun(Path.Combine(options.Folder, name), options.DataDirectory, config, what, trainFaces, log);
}
