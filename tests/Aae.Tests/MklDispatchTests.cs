using Aae.Benchmarks;

namespace Aae.Tests;

/// <summary>The build step build/mkl_dispatch_by_features.py reached the libtorch this process loaded.</summary>
[Trait("Category", "Unit")]
public sealed class MklDispatchTests
{
    [Fact]
    public void MklChoosesItsKernelsByCpuFeaturesNotByVendor()
    {
        // On an AMD CPU an unpatched libtorch answers "generic (non-Intel CPU)" and runs its matrix
        // products at about half speed; on Intel CPUs the answer is the same either way.
        Assert.Equal("by CPU features", MklDispatch.Describe());
    }
}
