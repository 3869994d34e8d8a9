namespace Aae.Evaluation;

/// <summary>How well a classifier's probabilities match the labels: accuracy, macro one-vs-rest AUROC, per-class report.</summary>
public sealed record ClassifierScores(double Accuracy, double Auroc, ClassificationReport Report)
{
    public static ClassifierScores From(float[,] probabilities, int[] labels, IReadOnlyList<string> classNames)
    {
        var predicted = LightGbmClassifier.ArgMax(probabilities);
        var report = ClassificationReport.From(predicted, labels, classNames);
        return new ClassifierScores(report.Accuracy, Aae.Evaluation.Auroc.MacroOneVsRest(probabilities, labels), report);
    }
}
