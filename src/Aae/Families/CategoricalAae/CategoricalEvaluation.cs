using Aae.Data;
using Aae.Evaluation;
using Aae.Families;

namespace Aae.Families.CategoricalAae;

/// <summary>
/// The metrics of a categorical model (semi-supervised classification or clustering): its error on
/// the test and validation images, a per-class report and, clustering, each category's size,
/// label and purity.
/// </summary>
public static class CategoricalEvaluation
{
    public static void Add(Metrics metrics, ModelFamily model, ImageDataset train, ImageDataset? validation, ImageDataset test, bool clustering)
    {
        var clusters = clustering ? Categorisation.FitClusters(model, train) : null;
        var report = Report(model, test, clusters);
        metrics.Add("test_error", 1 - report.Accuracy);
        if (validation is not null)
            metrics.Add("validation_error", 1 - Report(model, validation, clusters).Accuracy);
        foreach (var scores in report.Classes)
        {
            metrics.Add($"class_{scores.Name}_precision", scores.Precision);
            metrics.Add($"class_{scores.Name}_recall", scores.Recall);
        }
        if (model is CategoricalAaeFamily { ClusterHeads: { } heads }) metrics.Add("closest_heads", heads.ClosestHeads());
        if (clusters is null) return;
        metrics.Add("cluster_accuracy", report.Accuracy);
        metrics.Add("categories_used", clusters.Categories.Count(c => c.Size > 0));
        foreach (var category in clusters.Categories)
        {
            metrics.Add($"category_{category.Index}_size", category.Size);
            metrics.Add($"category_{category.Index}_label", category.Label);
            metrics.Add($"category_{category.Index}_purity", category.Purity);
        }
    }

    /// <summary>The predicted classes of <paramref name="judged"/> against its labels (clusters mapped to labels when given).</summary>
    public static ClassificationReport Report(ModelFamily model, ImageDataset judged, ClusterAccuracy? clusters)
    {
        var predicted = Categorisation.PredictedClasses(model, judged, clusters);
        // A category no training image took stands for no label (-1): its images count as wrong.
        return ClassificationReport.From(predicted, judged.LabelArray(), judged.ClassNames);
    }

    /// <summary>Fraction of <paramref name="judged"/> whose predicted class is wrong (clusters fitted on <paramref name="train"/> when clustering).</summary>
    public static double Error(ModelFamily model, ImageDataset train, ImageDataset judged, bool clustering) =>
        1 - Report(model, judged, clustering ? Categorisation.FitClusters(model, train) : null).Accuracy;
}
