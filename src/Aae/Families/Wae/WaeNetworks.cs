using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Aae.Families.Wae;

/// <summary>A WAE's encoder and decoder as one module (no discriminator: the MMD compares codes with prior samples).</summary>
public sealed class WaeNetworks : Module
{
    private readonly Module<Tensor, Tensor> encoder;
    private readonly Module<Tensor, Tensor> decoder;

    public WaeNetworks(Module<Tensor, Tensor> encoder, Module<Tensor, Tensor> decoder) : base(nameof(WaeNetworks))
    {
        this.encoder = encoder;
        this.decoder = decoder;
        RegisterComponents();
    }

    public Module<Tensor, Tensor> Encoder => encoder;
    public Module<Tensor, Tensor> Decoder => decoder;
}
