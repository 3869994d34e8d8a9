using System.Diagnostics;
using Aae.Data;
using Aae.Evaluation;
using Aae.Runs;

namespace Aae.Studies;

/// <summary>One candidate of the search: its accuracy on the codes it learned and on the held-out validation codes.</summary>
public sealed record SearchTrial(LightGbmSettings Settings, double TrainAccuracy, double ValidationAccuracy, double Seconds);

/// <summary>
/// A small search over LightGBM's main hyper-parameters, scored on a validation split of the
/// training codes (the test codes are never read): more and deeper trees, slower learning, and
/// the feature and row subsampling and L2 penalty that hold overfitting back.
/// </summary>
public static class LightGbmSearch
{
    public static readonly IReadOnlyList<LightGbmSettings> Candidates =
    [
        LightGbmSettings.Defaults,
        new(Iterations: 300, FeatureFraction: 0.5, BaggingFraction: 0.8),
        new(Iterations: 300, LearningRate: 0.05, Leaves: 63, FeatureFraction: 0.5, BaggingFraction: 0.8, L2: 1),
        new(Iterations: 400, Leaves: 15, MinDataInLeaf: 50, FeatureFraction: 0.3, BaggingFraction: 0.8, L2: 1),
        new(Iterations: 200, Leaves: 127, FeatureFraction: 0.5, BaggingFraction: 0.8),
        new(Iterations: 600, LearningRate: 0.05, MinDataInLeaf: 100, FeatureFraction: 0.3, BaggingFraction: 0.7, L2: 10),
    ];

    /// <summary>
    /// Trains every candidate on all but the last <paramref name="validationCount"/> training codes and
    /// scores it on those; trials already in &lt;folder&gt;/search.json are not repeated.
    /// </summary>
    public static IReadOnlyList<SearchTrial> Run(CodeSet set, int validationCount, string folder, int threads, Action<string> log,
        IReadOnlyList<LightGbmSettings>? candidates = null)
    {
        var path = Path.Combine(folder, "search.json");
        var trials = File.Exists(path) ? Json.Read<List<SearchTrial>>(path) : [];
        var codes = CodesFile.Load(set.Train);
        int fitCount = codes.Count - validationCount;
        if (fitCount < 1 || validationCount < 1)
            throw new AaeException($"{set.Train}: {codes.Count} codes cannot give {validationCount} for validation");
        var (fit, fitLabels, _) = codes.Rows(Enumerable.Range(0, fitCount).ToArray());
        var (validation, validationLabels, _) = codes.Rows(Enumerable.Range(fitCount, validationCount).ToArray());
        foreach (var settings in candidates ?? Candidates)
        {
            if (trials.Any(t => t.Settings == settings)) continue;
            var clock = Stopwatch.StartNew();
            var classifier = LightGbmClassifier.Train(fit, fitLabels, codes.ClassNames.Count, seed: 0, threads, settings);
            var trial = new SearchTrial(settings, Accuracy(classifier, fit, fitLabels), Accuracy(classifier, validation, validationLabels),
                clock.Elapsed.TotalSeconds);
            log($"LightGBM search on {set.Name} ({fitCount} + {validationCount} validation): {settings}: " +
                $"train {trial.TrainAccuracy:P2}, validation {trial.ValidationAccuracy:P2}, {trial.Seconds:F0}s");
            trials.Add(trial);
            Directory.CreateDirectory(folder);
            AtomicFile.WriteAllText(path, Json.Serialize(trials));
        }
        return trials;
    }

    /// <summary>The candidate with the best validation accuracy (the first on ties).</summary>
    public static LightGbmSettings Best(IReadOnlyList<SearchTrial> trials) =>
        trials.OrderByDescending(t => t.ValidationAccuracy).First().Settings;

    static double Accuracy(LightGbmClassifier classifier, float[,] features, int[] labels)
    {
        var predicted = classifier.Predict(features).Labels;
        return predicted.Zip(labels).Count(p => p.First == p.Second) / (double)labels.Length;
    }
}
