using Aae.Config;
using Aae.Experiments;

namespace Aae.Studies;

/// <summary>
/// The study's CIFAR-10 table as one preset: a faces encoder (trained here unless given), LightGBM on
/// its codes of all ten classes and of car/ship, the pixel CNN, and results.md comparing them.
/// </summary>
public static class CifarTransferStudy
{
    public sealed record Options(string Folder, string DataDirectory, string? EncoderRun, CnnConfig Cnn);

    /// <param name="trainFaces">Trains, evaluates and plots the faces run it is given; false when interrupted.</param>
    /// <returns>The results table, or null when training the faces encoder was interrupted.</returns>
    public static string? Run(Options options, Func<Experiment, bool> trainFaces, Action<string> log, Action<ClassifierResult, string> onResult)
    {
        var encoder = options.EncoderRun;
        int threads = options.Cnn.Threads;
        if (encoder is null)
        {
            encoder = Path.Combine(options.Folder, "faces");
            log($"no --encoder-run given: training lfw-faces into {Path.GetFullPath(encoder)}");
            var faces = Presets.Find("lfw-faces").Config;
            faces = faces with { Training = faces.Training with { Threads = threads } };
            using var experiment = Experiment.Start(faces, encoder, options.DataDirectory);
            if (!trainFaces(experiment)) return null;
        }
        ClassifierResult Transfer(string name, IReadOnlyList<string>? classes)
        {
            var folder = Path.Combine(options.Folder, name);
            var result = TransferExperiment.Run(new TransferExperiment.Options(encoder, options.DataDirectory, folder, classes, threads, options.Cnn.Limit), log);
            onResult(result, folder);
            return result;
        }
        var all = Transfer("transfer-all", null);
        var carShip = Transfer("transfer-car-ship", TransferStudy.CarShip);
        var cnnFolder = Path.Combine(options.Folder, "cnn");
        var cnn = CnnExperiment.Run(options.Cnn, options.DataDirectory, cnnFolder, log);
        onResult(cnn, cnnFolder);
        return TransferStudy.Write(options.Folder, TransferStudy.Table(cnn, all, carShip));
    }
}
