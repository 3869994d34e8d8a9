using Aae.Config;

namespace Aae.Priors;

public static class PriorFactory
{
    public static IPrior Build(PriorSettings config) => config.Kind switch
    {
        "gaussian" => new GaussianPrior(config.LatentSize, config.GaussianSd),
        "umbrella" => new UmbrellaPrior(config.MixtureComponents, config.MixtureRadius, config.MixtureLongAxis, config.MixtureShortAxis),
        "swiss-roll" => new SwissRollPrior(config.MixtureComponents, config.SwissRollNoise),
        _ => throw new AaeException($"unknown prior '{config.Kind}' (known: gaussian, umbrella, swiss-roll)"),
    };
}
