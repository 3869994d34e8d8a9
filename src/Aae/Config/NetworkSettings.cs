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

    internal void Validate()
    {
        Check.That(Architecture is "mlp" or "conv64", $"--architecture must be mlp or conv64 (got '{Architecture}')");
        Check.That(Features >= 1, $"--features must be at least 1 (got {Features})");
        Check.That(EncoderHidden.Concat(DecoderHidden).Concat(DiscriminatorHidden).All(h => h >= 1), "hidden layer sizes must be positive");
    }
}
