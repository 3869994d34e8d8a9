using static TorchSharp.torch;

namespace Aae.Visualization;

/// <summary>Points along the latent line between two codes, eased so the walk lingers at both ends.</summary>
public static class LatentWalk
{
    /// <summary>
    /// From <paramref name="from"/> to <paramref name="to"/> and back: <paramref name="framesPerDirection"/>
    /// frames each way, the weight of <paramref name="from"/> easing as t = cos²(πs/2) for s from 0 to 1.
    /// Returns [2·framesPerDirection, latent].
    /// </summary>
    public static Tensor ThereAndBack(Tensor from, Tensor to, int framesPerDirection)
    {
        using var scope = NewDisposeScope();
        var s = linspace(0, 1, framesPerDirection);
        var t = (s * (Math.PI / 2)).cos().square().unsqueeze(1);
        var there = t * from.unsqueeze(0) + (1 - t) * to.unsqueeze(0);
        return cat([there, there.flip(0)], 0).MoveToOuterDisposeScope();
    }
}
