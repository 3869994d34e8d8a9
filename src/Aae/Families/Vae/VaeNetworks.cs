using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Aae.Families.Vae;

/// <summary>
/// A VAE's Gaussian encoder and its decoder as one module. The encoder's last layer is both heads
/// at once: its first half gives each code's mean, its second half the log-variance.
/// </summary>
public sealed class VaeNetworks : Module
{
    private readonly Module<Tensor, Tensor> encoder;
    private readonly Module<Tensor, Tensor> decoder;

    public VaeNetworks(Module<Tensor, Tensor> encoder, Module<Tensor, Tensor> decoder) : base(nameof(VaeNetworks))
    {
        this.encoder = encoder;
        this.decoder = decoder;
        RegisterComponents();
    }

    public Module<Tensor, Tensor> Encoder => encoder;
    public Module<Tensor, Tensor> Decoder => decoder;

    /// <summary>The posterior q(z|x) = N(mean, exp(logVariance)) of each image.</summary>
    public (Tensor Mean, Tensor LogVariance) Posterior(Tensor images, int latentSize)
    {
        var output = encoder.forward(images);
        return (output.narrow(1, 0, latentSize), output.narrow(1, latentSize, latentSize));
    }
}
