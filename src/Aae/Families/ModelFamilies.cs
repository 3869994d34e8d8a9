using Aae.Config;
using Aae.Families.Aae;
using Aae.Families.CategoricalAae;
using Aae.Families.SupervisedAae;
using Aae.Families.Wae;
using Aae.Networks;
using Aae.Priors;
using static TorchSharp.torch;

namespace Aae.Families;

/// <summary>The known model families by name (config.json's family.name): the one list a new family joins.</summary>
public static class ModelFamilies
{
    delegate ModelFamily Builder(RunConfig config, IPrior prior, long[] imageShape, int classCount);

    static readonly Dictionary<string, Builder> builders = new()
    {
        ["aae"] = (config, prior, shape, classes) => new AaeFamily(config, prior, shape, classes),
        ["supervised-aae"] = (config, prior, shape, classes) => new SupervisedAaeFamily(config, prior, shape, classes),
        ["categorical-aae"] = (config, _, shape, classes) => new CategoricalAaeFamily(config, shape, classes),
        ["wae"] = (config, prior, shape, _) => new WaeFamily(config, prior, shape),
    };

    public static IEnumerable<string> Names => builders.Keys;

    /// <summary>
    /// The family <paramref name="config"/> names, with fresh networks for images of <paramref name="imageShape"/>
    /// ([C, H, W]) and <paramref name="classCount"/> classes, initialised from the run's seed.
    /// </summary>
    public static ModelFamily Build(RunConfig config, long[] imageShape, int classCount)
    {
        if (!builders.TryGetValue(config.Family.Name, out var build))
            throw new AaeException($"unknown model family '{config.Family.Name}' (known: {string.Join(", ", Names)})");
        var family = build(config, PriorFactory.Build(config.Prior), imageShape, classCount);
        Initialization.Apply(family.Networks, new Generator((ulong)config.Training.Seed));
        return family;
    }
}
