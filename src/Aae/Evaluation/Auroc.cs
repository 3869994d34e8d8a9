namespace Aae.Evaluation;

/// <summary>
/// Area under the ROC curve: the probability that a random positive scores above a random
/// negative, a tie counting one half.
/// </summary>
public static class Auroc
{
    /// <summary>
    /// Binary AUROC by the rank (Mann-Whitney) formula: with scores ranked 1..N ascending and tied
    /// scores given the mean of their ranks, AUROC = (R⁺ − P(P+1)/2) / (P·Q), where R⁺ is the sum of
    /// the positives' ranks, P the number of positives and Q of negatives. The mean rank is what makes
    /// each tied positive-negative pair count 1/2.
    /// </summary>
    /// <param name="scores">Higher means "more likely positive".</param>
    /// <param name="labels">1 for a positive, 0 for a negative.</param>
    /// <returns>A value in [0, 1]; NaN when there are no positives or no negatives.</returns>
    public static double Binary(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        if (scores.Length != labels.Length)
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels");
        int n = scores.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(scores[i])) throw new ArgumentException($"score {i} is NaN", nameof(scores));
            if (labels[i] is not (0 or 1)) throw new ArgumentException($"label {i} is {labels[i]}, expected 0 or 1", nameof(labels));
            order[i] = i;
        }
        var sortedScores = scores.ToArray();
        Array.Sort(sortedScores, order);

        long positives = 0;
        double positiveRankSum = 0;
        for (int start = 0; start < n;)
        {
            int end = start; // the tie group is [start, end)
            while (end < n && sortedScores[end] == sortedScores[start]) end++;
            double meanRank = (start + 1 + end) / 2.0; // mean of the 1-based ranks start+1 .. end
            for (int i = start; i < end; i++)
            {
                if (labels[order[i]] != 1) continue;
                positives++;
                positiveRankSum += meanRank;
            }
            start = end;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>
    /// One-vs-rest macro AUROC: the mean over classes k of the binary AUROC of column k of
    /// <paramref name="probabilities"/> against "the label is k". A class whose binary AUROC is
    /// undefined is left out of the mean: one absent from <paramref name="labels"/> (no positives), or,
    /// when every label is that class, one with no negatives.
    /// </summary>
    /// <param name="probabilities">[N, K]: row i holds sample i's score for each class.</param>
    /// <param name="labels">N class indices in 0..K-1.</param>
    /// <returns>The macro AUROC, or NaN when no class has a defined AUROC.</returns>
    public static double MacroOneVsRest(float[,] probabilities, ReadOnlySpan<int> labels)
    {
        int n = probabilities.GetLength(0), classes = probabilities.GetLength(1);
        if (labels.Length != n) throw new ArgumentException($"{n} rows of probabilities but {labels.Length} labels");
        foreach (var label in labels)
            if (label < 0 || label >= classes)
                throw new ArgumentException($"label {label} out of range 0..{classes - 1}", nameof(labels));

        var scores = new double[n];
        var isClass = new int[n];
        double sum = 0;
        int counted = 0;
        for (int k = 0; k < classes; k++)
        {
            for (int i = 0; i < n; i++)
            {
                scores[i] = probabilities[i, k];
                isClass[i] = labels[i] == k ? 1 : 0;
            }
            double auroc = Binary(scores, isClass);
            if (double.IsNaN(auroc)) continue;
            sum += auroc;
            counted++;
        }
        return counted == 0 ? double.NaN : sum / counted;
    }
}
