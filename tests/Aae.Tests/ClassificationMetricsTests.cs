using Aae.Evaluation;

namespace Aae.Tests;

[Trait("Category", "Unit")]
public sealed class ClassificationMetricsTests
{
    [Fact]
    public void AnImageOfACategoryNoTrainingImageTookIsWrongAndInNoColumn()
    {
        // Predictions -1 (no class): the second image, of class 0.
        var report = ClassificationReport.From([0, -1, 1, 1], [0, 0, 1, 0], ["a", "b"]);
        Assert.Equal(0.5, report.Accuracy);
        Assert.Equal([[1, 1], [0, 1]], report.ConfusionMatrix);
        Assert.Equal(3, report.Classes[0].Support);
        Assert.Equal(1.0 / 3, report.Classes[0].Recall, 12);
        Assert.Equal(1.0, report.Classes[0].Precision);
        Assert.Equal(0.5, report.Classes[1].Precision);
        Assert.Throws<ArgumentException>(() => ClassificationReport.From([-2], [0], ["a", "b"]));
    }

    [Fact]
    public void AurocCountsTiedPairsAsHalf()
    {
        double[] scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.8];
        int[] labels = [0, 0, 1, 1, 1, 0];
        // By pairs: positives 0.35, 0.8, 0.4 against negatives 0.1, 0.4, 0.8.
        //   0.35: beats 0.1, loses to 0.4 and 0.8            -> 1
        //   0.8:  beats 0.1 and 0.4, ties 0.8                -> 2.5
        //   0.4:  beats 0.1, ties 0.4, loses to 0.8          -> 1.5
        //   total 5 of 3 x 3 = 9 pairs                       -> 5/9
        // By ranks: 0.1 -> 1, 0.35 -> 2, 0.4 0.4 -> 3.5 each, 0.8 0.8 -> 5.5 each;
        //   positives' ranks 2 + 5.5 + 3.5 = 11; (11 - 3*4/2) / 9 = 5/9.
        Assert.Equal(5.0 / 9, Auroc.Binary(scores, labels), 12);
    }

    [Fact]
    public void AurocOfPerfectReversedAndConstantScores()
    {
        int[] labels = [0, 1, 0, 1, 1, 0];
        double[] perfect = [0.1, 0.9, 0.2, 0.8, 0.7, 0.3];
        Assert.Equal(1.0, Auroc.Binary(perfect, labels));
        Assert.Equal(0.0, Auroc.Binary(perfect.Select(s => -s).ToArray(), labels));
        Assert.Equal(0.5, Auroc.Binary(new double[6], labels));
        Assert.True(double.IsNaN(Auroc.Binary([0.2, 0.4], [1, 1])));
    }

    [Fact]
    public void MacroAurocAveragesOneVsRestOverPresentClasses()
    {
        // Four samples, three classes; the fourth column is a class absent from the labels.
        var probabilities = new float[,]
        {
            { 0.6f, 0.3f, 0.1f, 0f }, // class 0
            { 0.2f, 0.5f, 0.3f, 0f }, // class 1
            { 0.3f, 0.3f, 0.4f, 0f }, // class 2
            { 0.4f, 0.3f, 0.3f, 0f }, // class 1
        };
        int[] labels = [0, 1, 2, 1];
        // Class 0: scores 0.6 | 0.2 0.3 0.4: the positive beats all three         -> 1
        // Class 1: positives 0.5 0.3 | negatives 0.3 0.3:
        //          0.5 beats both (2), 0.3 ties both (1/2 + 1/2 = 1): 3 of 4 pairs -> 0.75
        // Class 2: scores 0.4 | 0.1 0.3 0.3: the positive beats all three          -> 1
        // Class 3: no positives, skipped.  Macro = (1 + 0.75 + 1) / 3 = 11/12.
        Assert.Equal(11.0 / 12, Auroc.MacroOneVsRest(probabilities, labels), 12);
    }

    [Fact]
    public void ReportOnASmallExample()
    {
        string[] names = ["a", "b", "c", "d"];
        int[] actual = [0, 0, 0, 1, 1, 2, 2, 2];
        int[] predicted = [0, 0, 1, 1, 1, 2, 2, 3];
        var report = ClassificationReport.From(predicted, actual, names);

        Assert.Equal(0.75, report.Accuracy); // 6 of 8 on the diagonal
        int[][] expected = [[2, 1, 0, 0], [0, 2, 0, 0], [0, 0, 2, 1], [0, 0, 0, 0]];
        Assert.Equal(expected, report.ConfusionMatrix);
        // a: precision 2/2, recall 2/3, F1 0.8     b: precision 2/3, recall 2/2, F1 0.8
        // c: precision 2/2, recall 2/3, F1 0.8     d: predicted once wrongly, no samples: all 0
        AssertScores(report.Classes[0], "a", 1, 2.0 / 3, 0.8, 3);
        AssertScores(report.Classes[1], "b", 2.0 / 3, 1, 0.8, 2);
        AssertScores(report.Classes[2], "c", 1, 2.0 / 3, 0.8, 3);
        AssertScores(report.Classes[3], "d", 0, 0, 0, 0);
        Assert.Equal((1 + 2.0 / 3 + 1 + 0) / 4, report.MacroPrecision, 12); // 2/3
        Assert.Equal((2.0 / 3 + 1 + 2.0 / 3 + 0) / 4, report.MacroRecall, 12); // 7/12
        Assert.Equal((0.8 * 3 + 0) / 4, report.MacroF1, 12); // 0.6
    }

    static void AssertScores(ClassScores scores, string name, double precision, double recall, double f1, int support)
    {
        Assert.Equal(name, scores.Name);
        Assert.Equal(precision, scores.Precision, 12);
        Assert.Equal(recall, scores.Recall, 12);
        Assert.Equal(f1, scores.F1, 12);
        Assert.Equal(support, scores.Support);
    }
}
