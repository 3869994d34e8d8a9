using Aae.Data;
using Aae.Evaluation;
using Aae.Families;
using Aae.Runs;
using static TorchSharp.torch;

namespace Aae.Experiments;

/// <summary>One image's category, the class it stands for (null when the run does not know), and the category's probability.</summary>
public sealed record ClassifiedImage(string File, int Category, string? Class, double Probability);

/// <summary>
/// 'aae classify': a categorical run's verdict on image files. Semi-supervised, category k is class
/// k; clustering, a category stands for the label recorded in metrics.json (category_k_label).
/// </summary>
public static class Classification
{
    public static IReadOnlyList<ClassifiedImage> Classify(TrainedModel model, IReadOnlyList<string> files)
    {
        var family = model.Family;
        if (family is not IAssignsCategories)
            throw new AaeException($"{model.Run.Path}: a {model.Config.Family.Name} run assigns no categories (classify needs a run whose model does, such as categorical-aae)");
        var shape = model.Info.ImageShape!;
        using var images = Deskew.IfAsked(ImageFiles.LoadAs(files, (int)shape[0], (int)shape[1], model.Config.Data.Crop), model.Config.Data);
        using var probabilities = Categorisation.Probabilities(family, images);
        var (best, category) = probabilities.max(1);
        using (best)
        using (category)
        {
            var classes = ClassOfCategory(model);
            var chosen = category.data<long>().ToArray();
            var probability = best.data<float>().ToArray();
            return files.Select((file, i) => new ClassifiedImage(file, (int)chosen[i], classes?[(int)chosen[i]], probability[i])).ToList();
        }
    }

    /// <summary>The class name each category stands for, or null when unknown (a clustering run not yet evaluated).</summary>
    static string?[]? ClassOfCategory(TrainedModel model)
    {
        var config = model.Config;
        var assigner = (IAssignsCategories)model.Family;
        int categories = assigner.CategoryCount;
        var names = MnistLike.Names.Contains(config.Data.Dataset) ? MnistLike.ClassNames(config.Data.Dataset) : null;
        string Name(int label) => names is not null && label < names.Count ? names[label] : label.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (assigner.CategoriesAreClasses) return Enumerable.Range(0, categories).Select(Name).ToArray();
        if (!File.Exists(model.Run.MetricsPath)) return null;
        var metrics = Metrics.Read(model.Run.MetricsPath);
        return Enumerable.Range(0, categories)
            .Select(k => metrics[$"category_{k}_label"] is { } label && label >= 0 ? Name((int)label) : null).ToArray();
    }
}
