using Aae.Config;
using Aae.Data;

namespace Aae.Tests;

/// <summary>--held-out-by class: whole LFW people held out, none of them in the training part.</summary>
public sealed class HeldOutByClassTests
{
    [Fact]
    public void NoPersonIsInBothPartsAndTheSplitFollowsTheSeed()
    {
        var root = TestData.PeopleWithSeveralImages(20, 3);
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
        var root = TestData.PeopleWithSeveralImages(1, 4);
        var settings = new DataSettings { Dataset = "folder:" + root, ImageSelection = "all", ImageSize = 16, HeldOutFraction = 0.5, HeldOutBy = "class" };
        var error = Assert.Throws<AaeException>(() => Datasets.Load(settings, 0, TestData.SharedDatasets));
        Assert.Contains("one class left to train on", error.Message);
    }

    [Fact]
    public void ClassAndImageHoldsOutWholePeopleAndOneImageOfOthersThatKeepTwo()
    {
        var root = TestData.PeopleWithSeveralImages(24, 3);
        var settings = new DataSettings { Dataset = "folder:" + root, ImageSelection = "all", ImageSize = 16, HeldOutFraction = 0.3, HeldOutBy = "class-and-image" };
        using var split = Datasets.Load(settings, 0, TestData.SharedDatasets);
        var train = split.Train.Labels.data<long>().GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        var heldOut = split.Test.Labels.data<long>().GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        var unseen = heldOut.Keys.Where(p => !train.ContainsKey(p)).ToArray();
        var known = heldOut.Keys.Where(train.ContainsKey).ToArray();
        Assert.NotEmpty(unseen);
        Assert.NotEmpty(known);
        // A known person gives one image and keeps two or more for training (each folder holds 3 or 4).
        Assert.All(known, p => Assert.Equal(1, heldOut[p]));
        Assert.All(known, p => Assert.InRange(train[p], 2, 3));
        // Half the fraction each way (whole people overshoot by at most one person's 4 images).
        int all = split.Train.Count + split.Test.Count, half = (int)Math.Round(0.15 * all);
        Assert.Equal(half, known.Length);
        Assert.InRange(unseen.Sum(p => heldOut[p]), half, half + 3);
    }
}
