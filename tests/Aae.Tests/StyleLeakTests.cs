using Aae.Families.IdentityAae;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>The identity model's style-independence term against hand-computed cases.</summary>
[Trait("Category", "Unit")]
public sealed class StyleLeakTests
{
    [Fact]
    public void OnlyAStyleCloserToItsPartnerThanToOtherPeoplesCounts()
    {
        // Three images of people 0, 0, 1 (the first two each other's partners' people), 2-d styles.
        var styles = tensor(new float[] { 1, 0, 0, 1, 1, 0 }, [3, 2]);
        var partners = tensor(new float[] { 1, 0, 1, 0, 0, 1 }, [3, 2]);
        var people = tensor(new long[] { 0, 0, 1 });
        var repeated = tensor(new[] { true, true, true });
        // Cosines: image 0 to its partner 1, to person 1's partner (0, 1) 0: excess 1.
        // Image 1 (0, 1) to its partner (1, 0) 0, to person 1's partner 1: no excess.
        // Image 2 (1, 0) to its partner (0, 1) 0, to people 0's partners (1, 0), (1, 0) 1: no excess.
        Assert.Equal(1.0 / 3, StyleLeakOf(styles, partners, people, repeated), 6);
        // Positions whose person has one image only do not count.
        Assert.Equal(1.0 / 2, StyleLeakOf(styles, partners, people, tensor(new[] { true, false, true })), 6);
        Assert.Equal(0, StyleLeakOf(styles, partners, people, tensor(new[] { false, true, true })), 6);
    }

    static double StyleLeakOf(Tensor styles, Tensor partners, Tensor people, Tensor repeated) =>
        IdentityAaeFamily.StyleLeak(styles, partners, people, repeated).item<float>();
}
