namespace Aae.Config;

/// <summary>The distribution the codes are matched to, and the code's size.</summary>
public sealed record PriorSettings
{
    /// <summary>gaussian, umbrella or swiss-roll.</summary>
    public string Kind { get; init; } = "gaussian";
    public int LatentSize { get; init; } = 2;
    public double GaussianSd { get; init; } = 1.0;
    public int MixtureComponents { get; init; } = 10;
    public double MixtureRadius { get; init; } = 2.0;
    /// <summary>The umbrella's covariance is diag(long²/2, short²/2), rotated to point along the radius.</summary>
    public double MixtureLongAxis { get; init; } = 0.75;
    public double MixtureShortAxis { get; init; } = 0.25;
    public double SwissRollNoise { get; init; } = 0.05;

    internal void Validate()
    {
        Check.That(LatentSize is >= 1 and <= NetworkSettings.MaxWidth, $"--latent-size must be from 1 to {NetworkSettings.MaxWidth} (got {LatentSize})");
        Check.That(Kind is "gaussian" or "umbrella" or "swiss-roll", $"--prior must be gaussian, umbrella or swiss-roll (got '{Kind}')");
        Check.That(Kind == "gaussian" || LatentSize == 2, $"the {Kind} prior is 2-D: use --latent-size 2");
        Check.That(MixtureComponents >= 2, $"--mixture-components must be at least 2 (got {MixtureComponents})");
        Check.That(MixtureRadius > 0 && MixtureLongAxis > 0 && MixtureShortAxis > 0 && GaussianSd > 0 && SwissRollNoise >= 0,
            "prior scales must be positive");
    }
}
