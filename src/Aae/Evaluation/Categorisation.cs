using Aae.Data;
using Aae.Families;
using static TorchSharp.torch;

namespace Aae.Evaluation;

/// <summary>
/// What a categorical model makes of images: each image's most probable category, and the error
/// of those categories as class predictions. Semi-supervised, category k is class k; clustering, a
/// category stands for the majority label of the training images in it (<see cref="ClusterAccuracy"/>).
/// </summary>
public static class Categorisation
{
    /// <summary>Category probabilities of every image, [N, K], in evaluation mode.</summary>
    public static Tensor Probabilities(ModelFamily model, ImageDataset data) =>
        Encoding.Map(model, data, (model as IAssignsCategories ?? throw new AaeException("this model family does not assign categories")).CategoryProbabilities);

    /// <summary>The most probable category of every image.</summary>
    public static int[] Categories(ModelFamily model, ImageDataset data)
    {
        using var probabilities = Probabilities(model, data);
        using var categories = probabilities.argmax(1).to_type(ScalarType.Int32);
        return categories.data<int>().ToArray();
    }

    /// <summary>
    /// Predicted classes of <paramref name="judged"/>: the categories themselves when
    /// <paramref name="clusters"/> is null (semi-supervised), else the labels the clusters stand for.
    /// </summary>
    public static int[] PredictedClasses(ModelFamily model, ImageDataset judged, ClusterAccuracy? clusters)
    {
        var categories = Categories(model, judged);
        return clusters is null ? categories : clusters.Predict(categories);
    }

    /// <summary>Clustering: each category's majority label among the training images.</summary>
    public static ClusterAccuracy FitClusters(ModelFamily model, ImageDataset train) => FitClusters(model, train, Categories(model, train));

    /// <summary>Clustering, from the training images' categories when they are already at hand.</summary>
    public static ClusterAccuracy FitClusters(ModelFamily model, ImageDataset train, int[] trainCategories) =>
        ClusterAccuracy.Fit(trainCategories, train.LabelArray(), model.CategoryCount());
}
