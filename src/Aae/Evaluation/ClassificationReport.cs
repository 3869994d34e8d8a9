namespace Aae.Evaluation;

/// <summary>How well one class is recognised.</summary>
/// <param name="Name">The class name.</param>
/// <param name="Precision">Of the samples predicted as this class, the fraction that are (0 when none is predicted).</param>
/// <param name="Recall">Of the samples of this class, the fraction predicted as it (0 when there are none).</param>
/// <param name="F1">Harmonic mean of precision and recall (0 when both are 0).</param>
/// <param name="Support">The number of samples of this class.</param>
public sealed record ClassScores(string Name, double Precision, double Recall, double F1, int Support);

/// <summary>
/// Accuracy, confusion matrix and per-class scores of a classifier's predictions, as in
/// scikit-learn's classification_report. Serialises to JSON as is.
/// </summary>
/// <param name="ClassNames">Name of class k at index k.</param>
/// <param name="Accuracy">Fraction of samples predicted right.</param>
/// <param name="ConfusionMatrix">ConfusionMatrix[t][p]: samples of true class t predicted as p (rows true, columns predicted).</param>
/// <param name="Classes">Scores of each class.</param>
/// <param name="MacroPrecision">Unweighted mean over all classes, absent ones (scoring 0) included.</param>
/// <param name="MacroRecall">Unweighted mean over all classes.</param>
/// <param name="MacroF1">Unweighted mean of the per-class F1 (not the F1 of the macro precision and recall).</param>
public sealed record ClassificationReport(
    IReadOnlyList<string> ClassNames,
    double Accuracy,
    int[][] ConfusionMatrix,
    IReadOnlyList<ClassScores> Classes,
    double MacroPrecision,
    double MacroRecall,
    double MacroF1)
{
    /// <summary>
    /// The report for predicted and true class indices in 0..classNames.Count-1. A prediction of -1 is
    /// no class (a clustering category no training image took): wrong, and in no column of the matrix.
    /// </summary>
    public static ClassificationReport From(ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual, IReadOnlyList<string> classNames)
    {
        if (predicted.Length != actual.Length)
            throw new ArgumentException($"{predicted.Length} predictions but {actual.Length} labels");
        int classes = classNames.Count;
        var confusion = new int[classes][];
        for (int k = 0; k < classes; k++) confusion[k] = new int[classes];
        var supports = new int[classes];
        int correct = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            int t = actual[i], p = predicted[i];
            if (t < 0 || t >= classes) throw new ArgumentException($"label {t} out of range 0..{classes - 1}", nameof(actual));
            if (p < -1 || p >= classes) throw new ArgumentException($"prediction {p} out of range -1..{classes - 1}", nameof(predicted));
            supports[t]++;
            if (p == -1) continue;
            confusion[t][p]++;
            if (t == p) correct++;
        }

        var scores = new ClassScores[classes];
        for (int k = 0; k < classes; k++)
        {
            int truePositives = confusion[k][k];
            int support = supports[k];
            int predictedAsK = confusion.Sum(row => row[k]);
            double precision = Ratio(truePositives, predictedAsK);
            double recall = Ratio(truePositives, support);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            scores[k] = new ClassScores(classNames[k], precision, recall, f1, support);
        }
        return new ClassificationReport(
            classNames.ToArray(),
            Ratio(correct, predicted.Length),
            confusion,
            scores,
            classes == 0 ? 0 : scores.Average(s => s.Precision),
            classes == 0 ? 0 : scores.Average(s => s.Recall),
            classes == 0 ? 0 : scores.Average(s => s.F1));
    }

    static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
