using System.Globalization;
using System.Text;
using Aae.Evaluation;
using Aae.Visualization;

namespace Aae.Experiments;

/// <summary>What a classifier run leaves per split: a confusion-matrix figure and a per-class report.</summary>
public static class ClassifierOutputs
{
    /// <summary>Scores the probabilities, saves confusion_&lt;split&gt;.png into <paramref name="folder"/>, and returns the scores.</summary>
    public static ClassifierScores Evaluate(string folder, string split, string title, float[,] probabilities, int[] labels,
        IReadOnlyList<string> classNames)
    {
        var scores = ClassifierScores.From(probabilities, labels, classNames);
        ConfusionMatrixFigure.Save(Path.Combine(folder, $"confusion_{split}.png"), scores.Report, $"{title}, {split}");
        return scores;
    }

    /// <summary>A markdown section: accuracy, AUROC and the per-class precision, recall, F1 and support.</summary>
    public static string Markdown(string heading, ClassifierScores scores)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {heading}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"accuracy {Percent(scores.Accuracy)}, AUROC (one-vs-rest, macro) {Percent(scores.Auroc)}");
        text.AppendLine();
        text.AppendLine("| class | precision | recall | F1 | support |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var c in scores.Report.Classes)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {c.Name} | {c.Precision:F3} | {c.Recall:F3} | {c.F1:F3} | {c.Support} |");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| macro | {scores.Report.MacroPrecision:F3} | {scores.Report.MacroRecall:F3} | {scores.Report.MacroF1:F3} | {scores.Report.Classes.Sum(c => c.Support)} |");
        text.AppendLine();
        return text.ToString();
    }

    public static string Percent(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture) + "%";
}
