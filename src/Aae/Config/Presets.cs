using Aae.Families;

namespace Aae.Config;

/// <summary>The named experiments: each family's (in its folder), and the studies that combine runs.</summary>
public static class Presets
{
    public sealed record Preset(string Name, string Description, RunConfig Config);

    /// <summary>Every family's presets, in the order the families are listed (Families/ModelFamilies.cs).</summary>
    public static readonly IReadOnlyList<Preset> All = [.. ModelFamilies.All.SelectMany(family => family.Presets)];

    public const string CifarCnn = "cifar10-cnn";
    public const string CifarTransfer = "cifar10-transfer";
    public const string GenerativeStudy = "mnist-generative-study";

    /// <summary>Presets that are not a single autoencoder: the CIFAR-10 classifiers of the transfer study (Studies/).</summary>
    public static readonly IReadOnlyList<(string Name, string Description)> Studies =
    [
        (CifarCnn, "CIFAR-10, the pixel CNN (the study's specialist baseline)"),
        (CifarTransfer, "CIFAR-10 transfer study: faces encoder codes + LightGBM (all, car/ship) vs the CNN, one table"),
        (GenerativeStudy, "MNIST: autoencoder, AAE, VAE, WAE, supervised AAE on equal networks at 2-d and 8-d codes, 3 seeds; sample quality in one table"),
    ];

    public static IEnumerable<string> Names => All.Select(p => p.Name).Concat(Studies.Select(s => s.Name));

    public static bool IsStudy(string name) => Studies.Any(s => s.Name == name);

    public static Preset Find(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new AaeException($"unknown preset '{name}' (known: {string.Join(", ", Names)})");
}
