using Aae.Data;
using static TorchSharp.torch;

namespace Aae.Families.IdentityAae;

/// <summary>
/// For each image of a batch, another training image of the same person, drawn with the run's
/// generator: the identity part of its code is what the batch's image is drawn from, so the identity
/// must be what two images of a person share. A person with one training image is their own partner.
/// </summary>
sealed class PartnerImages
{
    readonly ImageDataset train;
    readonly Dictionary<long, long[]> imagesOf;

    public PartnerImages(ImageDataset train)
    {
        this.train = train;
        var people = train.Labels.data<long>().ToArray();
        imagesOf = Enumerable.Range(0, people.Length).GroupBy(i => people[i]).ToDictionary(g => g.Key, g => g.Select(i => (long)i).ToArray());
    }

    /// <summary>People with two or more training images: those the identity loss learns from.</summary>
    public int RepeatedPeople => imagesOf.Values.Count(images => images.Length >= 2);

    /// <summary>Partner images [B, C, H, W] in [0, 1], and which positions have a partner other than themselves (bool [B]).</summary>
    public (Tensor Partners, Tensor Repeated) For(Tensor images, Tensor labels, Generator generator)
    {
        var people = labels.data<long>().ToArray();
        using var draws = rand([people.Length], ScalarType.Float64, generator: generator);
        var uniform = draws.data<double>().ToArray();
        var choices = new int[people.Length];
        var indices = new long[people.Length];
        for (int i = 0; i < people.Length; i++)
        {
            var candidates = imagesOf[people[i]];
            choices[i] = Math.Min(candidates.Length - 1, (int)(uniform[i] * candidates.Length));
            indices[i] = candidates[choices[i]];
        }
        var partners = Gather(indices);
        // A draw of the image itself (equal pixels) takes the person's next image instead.
        using var itself = (partners - images.view(partners.shape)).abs().flatten(1).amax(1).eq(0);
        var same = itself.data<bool>().ToArray();
        var again = Enumerable.Range(0, people.Length).Where(i => same[i] && imagesOf[people[i]].Length >= 2).ToArray();
        if (again.Length > 0)
        {
            using var rows = tensor(again.Select(i => (long)i).ToArray());
            using var replacements = Gather(again.Select(i => imagesOf[people[i]][(choices[i] + 1) % imagesOf[people[i]].Length]).ToArray());
            partners.index_copy_(0, rows, replacements);
        }
        var repeated = tensor(people.Select(p => imagesOf[p].Length >= 2).ToArray());
        return (partners, repeated);
    }

    Tensor Gather(long[] indices)
    {
        using var at = tensor(indices);
        return train.FloatImages(at);
    }
}
