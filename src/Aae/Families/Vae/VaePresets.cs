using Aae.Config;

namespace Aae.Families.Vae;

/// <summary>The VAE on the study's MNIST networks and schedule, with the AAE presets' priors: the paper's Figure 2 comparison.</summary>
static class VaePresets
{
    public static readonly IReadOnlyList<Presets.Preset> All =
    [
        new("mnist-vae", "MNIST, VAE, 2-D latent, Gaussian prior N(0, I) (closed-form KL)",
            new RunConfig { Preset = "mnist-vae", Family = new VaeOptions() }),
        new("mnist-vae-umbrella", "MNIST, VAE, 2-D latent, the 10-mode umbrella mixture prior (Monte-Carlo KL)",
            new RunConfig { Preset = "mnist-vae-umbrella", Prior = new() { Kind = "umbrella" }, Family = new VaeOptions() }),
        new("mnist-vae-8", "MNIST, VAE, 8-d Gaussian code (as mnist-wae's)",
            new RunConfig { Preset = "mnist-vae-8", Prior = new() { LatentSize = 8 }, Family = new VaeOptions() }),
    ];
}
