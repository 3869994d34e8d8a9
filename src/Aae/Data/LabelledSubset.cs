namespace Aae.Data;

/// <summary>
/// The labelled images of a semi-supervised run: the same number of each class, drawn with the
/// run's seed, so a run can be repeated and its labelled set recorded.
/// </summary>
public static class LabelledSubset
{
    /// <summary>Every class gets as many labels: the count must be a positive multiple of the classes.</summary>
    public static void CheckCount(int count, int classCount)
    {
        if (classCount < 1 || count < classCount || count % classCount != 0)
            throw new AaeException($"--labelled-count must be a positive multiple of the {classCount} classes (got {count})");
    }

    /// <returns>Indices into <paramref name="labels"/>, in increasing order.</returns>
    public static int[] Draw(IReadOnlyList<int> labels, int count, int classCount, long seed)
    {
        CheckCount(count, classCount);
        int perClass = count / classCount;
        var random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        var chosen = new List<int>(count);
        for (int k = 0; k < classCount; k++)
        {
            var ofClass = Enumerable.Range(0, labels.Count).Where(i => labels[i] == k).ToArray();
            if (ofClass.Length < perClass)
                throw new AaeException($"--labelled-count {count} needs {perClass} images of class {k}, the data holds {ofClass.Length}");
            random.Shuffle(ofClass);
            chosen.AddRange(ofClass[..perClass]);
        }
        chosen.Sort();
        return [.. chosen];
    }
}
