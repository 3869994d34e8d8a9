using Aae.Evaluation;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>Person retrieval and verification on hand-made features whose answers are known.</summary>
[Trait("Category", "Unit")]
public sealed class PersonMeasuresTests
{
    [Fact]
    public void RetrievalTakesTheMostCosineSimilarGalleryImagesPerson()
    {
        // Gallery: person 1 points along x, person 2 along y; a long vector counts by its direction only.
        using var gallery = tensor(new float[] { 1, 0, 0, 1, 10, 1 }, [3, 2]);
        long[] galleryPeople = [1, 2, 1];
        using var queries = tensor(new float[] { 0.1f, 1, 5, 0.2f, 1, 1.2f, 3, 3 }, [4, 2]);
        // Query 3's person 7 is not in the gallery: skipped. Query 2 (1, 1.2) is nearer y: person 2, but it is person 1.
        long[] queryPeople = [2, 1, 1, 7];
        Assert.Equal(2.0 / 3, PersonMeasures.RetrievalAccuracy(gallery, galleryPeople, queries, queryPeople), 12);
        Assert.Equal((1.0 / 3 + 2.0 / 3 + 2.0 / 3) / 3, PersonMeasures.RetrievalChance(galleryPeople, queryPeople), 12);
    }

    [Fact]
    public void PairsAreBalancedSeededAndOfDistinctImages()
    {
        long[] people = [5, 5, 5, 8, 9, 9, 3];
        var pairs = PersonMeasures.Pairs(people, 200, seed: 4)!;
        Assert.Equal(400, pairs.Length);
        Assert.Equal(200, pairs.Count(p => p.Same == 1));
        Assert.All(pairs, p => Assert.NotEqual(p.A, p.B));
        Assert.All(pairs, p => Assert.Equal(p.Same == 1, people[p.A] == people[p.B]));
        Assert.Equal(pairs, PersonMeasures.Pairs(people, 200, seed: 4));
        Assert.NotEqual(pairs, PersonMeasures.Pairs(people, 200, seed: 5));
        Assert.Null(PersonMeasures.Pairs([1, 2, 3], 10, seed: 0));
    }

    [Fact]
    public void VerificationAucIsOneWhenEveryPersonHasItsOwnDirectionAndAHalfForNoise()
    {
        long[] people = Enumerable.Range(0, 60).Select(i => (long)(i % 6)).ToArray();
        var pairs = PersonMeasures.Pairs(people, 300, seed: 1)!;
        var generator = new Generator(3);
        using var directions = randn([6, 16], generator: generator);
        using var people1 = tensor(people);
        using var separated = directions.index_select(0, people1) + 0.05f * randn([60, 16], generator: generator);
        Assert.Equal(1.0, PersonMeasures.VerificationAuc(separated, pairs), 12);
        using var noise = randn([60, 16], generator: generator);
        Assert.InRange(PersonMeasures.VerificationAuc(noise, pairs), 0.4, 0.6);
    }
}
