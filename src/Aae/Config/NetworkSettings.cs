namespace Aae.Config;

/// <summary>The shape of the encoder, decoder and discriminator.</summary>
public sealed record NetworkSettings
{
    /// <summary>mlp (the MNIST networks) or conv64 (the faces networks, 64x64 RGB).</summary>
    public string Architecture { get; init; } = "mlp";

    /// <summary>Width F of the conv64 networks (channels 4F, 3F, 2F).</summary>
    public int Features { get; init; } = 32;

    public int[] EncoderHidden { get; init; } = [256, 64];
    public int[] DecoderHidden { get; init; } = [64, 256];
    public int[] DiscriminatorHidden { get; init; } = [128, 128];

    /// <summary>
    /// libtorch's oneDNN convolutions are unreliable with narrow channel counts (docs/platform-notes.md): conv64
    /// networks whose F is not a multiple of 16 need the exact (slower) kernels.
    /// </summary>
    public bool NeedsExactConvolutions => Architecture == "conv64" && Features % 16 != 0;

    // Beyond what 2 cores and a few GB train in a lifetime; the bounds keep a typo from asking libtorch for terabytes.
    public const int MaxWidth = 65_536, MaxFeatures = 1024;
    public const long MaxParameters = 1L << 28;

    internal void Validate(long pixels, int latentSize)
    {
        Check.That(Architecture is "mlp" or "conv64", $"--architecture must be mlp or conv64 (got '{Architecture}')");
        Check.That(Features is >= 1 and <= MaxFeatures, $"--features must be from 1 to {MaxFeatures} (got {Features})");
        foreach (var (option, sizes) in new[] { ("--encoder-hidden", EncoderHidden), ("--decoder-hidden", DecoderHidden), ("--discriminator-hidden", DiscriminatorHidden) })
            Check.That(sizes.All(h => h is >= 1 and <= MaxWidth), $"{option} sizes must be from 1 to {MaxWidth} (got {string.Join(",", sizes)})");
        if (Architecture != "mlp") return;
        long parameters = Weights([pixels, .. EncoderHidden, latentSize]) + Weights([latentSize, .. DecoderHidden, pixels]) + Weights([latentSize, .. DiscriminatorHidden, 1]);
        Check.That(parameters <= MaxParameters,
            $"--encoder-hidden, --decoder-hidden and --discriminator-hidden make networks of {parameters} weights, more than the {MaxParameters} Aae builds");
    }

    /// <summary>The weights and biases of fully connected layers through <paramref name="widths"/>.</summary>
    static long Weights(long[] widths) => widths.Zip(widths.Skip(1), (input, output) => (input + 1) * output).Sum();
}
