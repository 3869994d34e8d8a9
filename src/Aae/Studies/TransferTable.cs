using System.Globalization;
using System.Text;
using Aae.Experiments;
using Aae.Runs;

namespace Aae.Studies;

/// <summary>
/// One row of the transfer table: a feature set and classifier, scored on the test set once per seed.
/// What the seeds vary is stated in <paramref name="Seeds"/> (the untrained encoder's weights, the PCA's
/// projection, LightGBM's sampling).
/// </summary>
public sealed record TransferRow(string Model, string Seeds, IReadOnlyList<ClassifierResult> Results, double? StudyAccuracy = null,
    double? StudyAuroc = null)
{
    public int Classes => Results[0].Classes.Count;
    public (double Mean, double Sd) TestAccuracy => Spread(Results.Select(r => r.Test.Accuracy));
    public (double Mean, double Sd) TestAuroc => Spread(Results.Select(r => r.Test.Auroc));
    public (double Mean, double Sd) TrainAccuracy => Spread(Results.Select(r => r.Train.Accuracy));

    /// <summary>Mean and sample standard deviation (0 for one value).</summary>
    public static (double Mean, double Sd) Spread(IEnumerable<double> values)
    {
        var list = values.ToList();
        double mean = list.Average();
        double sd = list.Count > 1 ? Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1)) : 0;
        return (mean, sd);
    }
}

/// <summary>The study's table as results.md and results.json.</summary>
public static class TransferTable
{
    public static string Markdown(IReadOnlyList<TransferRow> rows, string notes)
    {
        var text = new StringBuilder();
        text.AppendLine("# CIFAR-10: what the faces latent space adds (test set)");
        text.AppendLine();
        text.AppendLine("| Model | classes | seeds | test accuracy | test AUROC | train accuracy | study accuracy | study AUROC |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Model} | {row.Classes} | {row.Seeds} | {Show(row.TestAccuracy, row.Results.Count)} | {Show(row.TestAuroc, row.Results.Count)} | " +
                $"{Show(row.TrainAccuracy, row.Results.Count)} | {Optional(row.StudyAccuracy)} | {Optional(row.StudyAuroc)} |");
        text.AppendLine();
        text.AppendLine(notes);
        return text.ToString();
    }

    public static void Write(string folder, IReadOnlyList<TransferRow> rows, string markdown)
    {
        AtomicFile.WriteAllText(Path.Combine(folder, "results.json"), Json.Serialize(rows.Select(r => new
        {
            r.Model,
            r.Classes,
            r.Seeds,
            TestAccuracy = new { r.TestAccuracy.Mean, r.TestAccuracy.Sd },
            TestAuroc = new { r.TestAuroc.Mean, r.TestAuroc.Sd },
            TrainAccuracy = new { r.TrainAccuracy.Mean, r.TrainAccuracy.Sd },
            PerSeed = r.Results.Select(x => new { TestAccuracy = x.Test.Accuracy, TestAuroc = x.Test.Auroc, TrainAccuracy = x.Train.Accuracy }),
            r.StudyAccuracy,
            r.StudyAuroc,
        })));
        AtomicFile.WriteAllText(Path.Combine(folder, "results.md"), markdown);
    }

    static string Show((double Mean, double Sd) value, int count) =>
        count > 1
            ? string.Create(CultureInfo.InvariantCulture, $"{100 * value.Mean:F2} ± {100 * value.Sd:F2}%")
            : ClassifierOutputs.Percent(value.Mean);

    static string Optional(double? value) => value is { } v ? ClassifierOutputs.Percent(v) : "";
}
