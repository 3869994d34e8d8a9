using Aae.Experiments;

namespace Aae.Priors;

public static class PriorFactory
{
    public static IPrior Build(ExperimentConfig config) => config.Prior switch
    {
        "gaussian" => new GaussianPrior(config.LatentSize, config.GaussianSd),
        "umbrella" => new UmbrellaPrior(config.MixtureComponents, config.MixtureRadius, config.MixtureLongAxis, config.MixtureShortAxis),
        "swiss-roll" => new SwissRollPrior(config.MixtureComponents, config.SwissRollNoise),
        _ => throw new AaeException($"unknown prior '{config.Prior}' (known: gaussian, umbrella, swiss-roll)"),
    };
}
