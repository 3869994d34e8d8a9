using Aae.Config;
using Aae.Data;

namespace Aae.Tests;

/// <summary>--held-out-by class: whole LFW people held out, none of them in the training part.</summary>
public sealed class HeldOutByClassTests
{
    /// <summary>Every image of the first <paramref name="people"/> LFW people with at least <paramref name="least"/> images.</summary>
    static string PeopleWithSeveralImages(int people, int least)
    {
        var lfw = Path.Combine(TestData.SharedDatasets, "lfw");
        var root = Path.Combine(TestData.NewFolder("aae-people"), "people");
        foreach (var person in Directory.GetDirectories(lfw).Order(StringComparer.Ordinal)
                     .Where(folder => Directory.GetFiles(folder, "*.jpg").Length >= least).Take(people))
        {
            var target = Directory.CreateDirectory(Path.Combine(root, Path.GetFileName(person))).FullName;
            foreach (var file in Directory.GetFiles(person, "*.jpg").Order(StringComparer.Ordinal).Take(4))
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        return root;
    }

    [Fact]
    public void NoPersonIsInBothPartsAndTheSplitFollowsTheSeed()
    {
        var root = PeopleWithSeveralImages(20, 3);
        var settings = new DataSettings { Dataset = "folder:" + root, ImageSelection = "all", ImageSize = 16, HeldOutFraction = 0.25, HeldOutBy = "class" };
        using var split = Datasets.Load(settings, 0, TestData.SharedDatasets);
        var train = split.Train.Labels.data<long>().ToHashSet();
        var heldOut = split.Test.Labels.data<long>().ToHashSet();
        Assert.Empty(train.Intersect(heldOut));
        Assert.Equal(20, train.Count + heldOut.Count);
        int all = split.Train.Count + split.Test.Count;
        Assert.InRange(split.Test.Count, (int)Math.Round(0.25 * all), (int)Math.Round(0.25 * all) + 3);

        using var again = Datasets.Load(settings, 0, TestData.SharedDatasets);
        Assert.Equal(heldOut, again.Test.Labels.data<long>().ToHashSet());
        using var other = Datasets.Load(settings, 1, TestData.SharedDatasets);
        Assert.NotEqual(heldOut, other.Test.Labels.data<long>().ToHashSet());

        // By image (the default) the same people appear on both sides.
        using var byImage = Datasets.Load(settings with { HeldOutBy = "image" }, 0, TestData.SharedDatasets);
        Assert.NotEmpty(byImage.Train.Labels.data<long>().ToHashSet().Intersect(byImage.Test.Labels.data<long>().ToHashSet()));
    }

    [Fact]
    public void OnePersonCannotBeSplitByPerson()
    {
        var root = PeopleWithSeveralImages(1, 4);
        var settings = new DataSettings { Dataset = "folder:" + root, ImageSelection = "all", ImageSize = 16, HeldOutFraction = 0.5, HeldOutBy = "class" };
        var error = Assert.Throws<AaeException>(() => Datasets.Load(settings, 0, TestData.SharedDatasets));
        Assert.Contains("one class left to train on", error.Message);
    }
}
