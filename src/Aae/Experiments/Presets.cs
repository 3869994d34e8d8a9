namespace Aae.Experiments;

/// <summary>The named experiments: the study's setups, each a starting configuration.</summary>
public static class Presets
{
    public sealed record Preset(string Name, string Description, ExperimentConfig Config);

    public static readonly IReadOnlyList<Preset> All =
    [
        new("mnist-gaussian", "MNIST, 2-D latent, Gaussian prior N(0, I)",
            new ExperimentConfig { Preset = "mnist-gaussian" }),
        new("mnist-umbrella", "MNIST, 2-D latent, 10-mode umbrella mixture prior",
            new ExperimentConfig { Preset = "mnist-umbrella", Prior = "umbrella" }),
        new("mnist-umbrella-labels", "MNIST, umbrella prior, 20% of each batch's labels shown to the discriminator",
            new ExperimentConfig { Preset = "mnist-umbrella-labels", Prior = "umbrella", UseLabels = true }),
    ];

    public static Preset Find(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new AaeException($"unknown preset '{name}' (known: {string.Join(", ", All.Select(p => p.Name))})");
}
