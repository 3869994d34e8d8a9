using Aae.Config;
using Aae.Families.Aae;
using Aae.Families.CategoricalAae;
using Aae.Families.SupervisedAae;
using Aae.Families.Wae;
using Aae.Networks;
using Aae.Priors;
using static TorchSharp.torch;

namespace Aae.Families;

/// <summary>The known model families (config.json's family.name): the one list a new family joins, with one line.</summary>
public static class ModelFamilies
{
    public static readonly IReadOnlyList<FamilyDescriptor> All =
    [
        AaeFamily.Descriptor,
        SupervisedAaeFamily.Descriptor,
        WaeFamily.Descriptor,
        CategoricalAaeFamily.Descriptor,
        Vae.VaeFamily.Descriptor,
        IdentityAae.IdentityAaeFamily.Descriptor,
    ];

    public static IEnumerable<string> Names => All.Select(d => d.Name);

    public static FamilyDescriptor Find(string name) =>
        All.FirstOrDefault(d => d.Name == name)
        ?? throw new AaeException($"unknown model family '{name}' (known: {string.Join(", ", Names)})");

    /// <summary>
    /// The study's AAE with its defaults: a RunConfig's family when none is named. Built directly, not
    /// through <see cref="All"/>: the families' presets are RunConfigs, made while that list is built.
    /// </summary>
    public static FamilyOptions DefaultOptions() => new AaeOptions();

    /// <summary>
    /// The family <paramref name="config"/> names, with fresh networks for images of <paramref name="imageShape"/>
    /// ([C, H, W]) and <paramref name="classCount"/> classes, initialised from the run's seed.
    /// </summary>
    public static ModelFamily Build(RunConfig config, long[] imageShape, int classCount)
    {
        var family = Find(config.Family.Name).Build(config, PriorFactory.Build(config.Prior), imageShape, classCount);
        Initialization.Apply(family.Networks, new Generator((ulong)config.Training.Seed));
        return family;
    }
}
