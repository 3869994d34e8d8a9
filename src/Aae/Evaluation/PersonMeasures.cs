using static TorchSharp.torch;

namespace Aae.Evaluation;

/// <summary>
/// How much of a person's identity features (codes, parts of codes, pixels) carry, for face sets
/// whose class folders are people: retrieval of a known person, and verification of unseen ones.
/// Both use cosine similarity, the usual measure of face embeddings.
/// </summary>
public static class PersonMeasures
{
    /// <summary>
    /// Nearest-neighbour person accuracy: each query takes the person of its most cosine-similar
    /// gallery image. Queries whose person the gallery lacks are skipped; NaN when none is left.
    /// </summary>
    public static double RetrievalAccuracy(Tensor gallery, long[] galleryPeople, Tensor queries, long[] queryPeople)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var known = galleryPeople.ToHashSet();
        var kept = Enumerable.Range(0, queryPeople.Length).Where(i => known.Contains(queryPeople[i])).ToArray();
        if (kept.Length == 0) return double.NaN;
        var chosen = Unit(queries.index_select(0, tensor(kept.Select(i => (long)i).ToArray())));
        var all = Unit(gallery);
        int hits = 0;
        for (int start = 0; start < kept.Length; start += 256)
        {
            int end = Math.Min(kept.Length, start + 256);
            var nearest = chosen[start..end].matmul(all.T).argmax(1).data<long>().ToArray();
            for (int i = 0; i < nearest.Length; i++)
                if (galleryPeople[nearest[i]] == queryPeople[kept[start + i]]) hits++;
        }
        return (double)hits / kept.Length;
    }

    /// <summary>What <see cref="RetrievalAccuracy"/> scores by chance: the mean share of the gallery that is each query's person.</summary>
    public static double RetrievalChance(long[] galleryPeople, long[] queryPeople)
    {
        var counts = galleryPeople.GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        var shares = queryPeople.Where(counts.ContainsKey).Select(p => (double)counts[p] / galleryPeople.Length).ToArray();
        return shares.Length == 0 ? double.NaN : shares.Average();
    }

    /// <summary>
    /// Seeded balanced verification pairs among <paramref name="people"/>: up to <paramref name="count"/>
    /// pairs of two different images of one person, and as many of two people. Null when no person has two images.
    /// </summary>
    public static (int A, int B, int Same)[]? Pairs(long[] people, int count, long seed)
    {
        var random = new Random((int)(seed % int.MaxValue) + 31);
        var byPerson = Enumerable.Range(0, people.Length).GroupBy(i => people[i]).Select(g => g.ToArray()).ToArray();
        var repeated = byPerson.Where(images => images.Length >= 2).ToArray();
        if (repeated.Length == 0 || byPerson.Length < 2) return null;
        var pairs = new List<(int, int, int)>();
        for (int i = 0; i < count; i++)
        {
            var images = repeated[random.Next(repeated.Length)];
            int a = random.Next(images.Length), b = random.Next(images.Length - 1);
            pairs.Add((images[a], images[b >= a ? b + 1 : b], 1));
        }
        for (int i = 0; i < count; i++)
        {
            int a = random.Next(people.Length), b;
            do b = random.Next(people.Length); while (people[b] == people[a]);
            pairs.Add((a, b, 0));
        }
        return [.. pairs];
    }

    /// <summary>ROC AUC of the cosine similarity of each pair's features: same person (1) against different people (0).</summary>
    public static double VerificationAuc(Tensor features, (int A, int B, int Same)[] pairs)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var unit = Unit(features);
        var a = unit.index_select(0, tensor(pairs.Select(p => (long)p.A).ToArray()));
        var b = unit.index_select(0, tensor(pairs.Select(p => (long)p.B).ToArray()));
        var similarity = (a * b).sum(1).to_type(ScalarType.Float64).data<double>().ToArray();
        return Auroc.Binary(similarity, pairs.Select(p => p.Same).ToArray());
    }

    /// <summary>Rows flattened and scaled to unit length (a zero row stays zero).</summary>
    static Tensor Unit(Tensor rows)
    {
        var flat = rows.flatten(1).to_type(ScalarType.Float32);
        return flat / flat.norm(1, keepdim: true).clamp_min(1e-12);
    }
}
