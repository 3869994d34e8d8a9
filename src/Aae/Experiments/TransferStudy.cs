using System.Text;
using Aae.Runs;

namespace Aae.Experiments;

/// <summary>The study's CIFAR-10 table: the pixel CNN, faces codes + LightGBM (all classes, car/ship), random guessing.</summary>
public static class TransferStudy
{
    /// <summary>A row of the table, beside the study's published values (fractions).</summary>
    public sealed record Row(string Model, int Classes, double Auroc, double Accuracy, double StudyAuroc, double StudyAccuracy);

    public static readonly IReadOnlyList<string> CarShip = ["automobile", "ship"];

    public static IReadOnlyList<Row> Table(ClassifierResult cnn, ClassifierResult transferAll, ClassifierResult transferCarShip) =>
    [
        new("CNN on pixels (all)", cnn.Classes.Count, cnn.Test.Auroc, cnn.Test.Accuracy, 0.9600, 0.7391),
        new("transfer + LightGBM (all)", transferAll.Classes.Count, transferAll.Test.Auroc, transferAll.Test.Accuracy, 0.8424, 0.4317),
        new("transfer + LightGBM (car/ship)", transferCarShip.Classes.Count, transferCarShip.Test.Auroc, transferCarShip.Test.Accuracy, 0.9166, 0.8455),
        new("random guessing", transferAll.Classes.Count, 0.5, 1.0 / transferAll.Classes.Count, 0.50, 0.10),
    ];

    /// <summary>Writes results.json and results.md (the table, test set) into <paramref name="folder"/>.</summary>
    public static string Write(string folder, IReadOnlyList<Row> rows)
    {
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(Path.Combine(folder, "results.json"), Json.Serialize(rows));
        var text = new StringBuilder();
        text.AppendLine("# CIFAR-10: faces latent space + LightGBM against a pixel CNN (test set)");
        text.AppendLine();
        text.AppendLine("| Model | # classes | AUROC | accuracy | study AUROC | study accuracy |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var r in rows)
            text.AppendLine($"| {r.Model} | {r.Classes} | {ClassifierOutputs.Percent(r.Auroc)} | {ClassifierOutputs.Percent(r.Accuracy)} | " +
                $"{ClassifierOutputs.Percent(r.StudyAuroc)} | {ClassifierOutputs.Percent(r.StudyAccuracy)} |");
        var path = Path.Combine(folder, "results.md");
        AtomicFile.WriteAllText(path, text.ToString());
        return text.ToString();
    }
}
