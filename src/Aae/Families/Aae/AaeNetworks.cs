using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Aae.Families.Aae;

/// <summary>
/// The three networks of an AAE as one module, so they save and load as one. The field names are
/// the checkpoint's keys (encoder.*, decoder.*, discriminator.*): runs of earlier versions load.
/// </summary>
public sealed class AaeNetworks : Module
{
    private readonly Module<Tensor, Tensor> encoder;
    private readonly Module<Tensor, Tensor> decoder;
    private readonly Module<Tensor, Tensor> discriminator;

    public AaeNetworks(Module<Tensor, Tensor> encoder, Module<Tensor, Tensor> decoder, Module<Tensor, Tensor> discriminator)
        : base(nameof(AaeNetworks))
    {
        this.encoder = encoder;
        this.decoder = decoder;
        this.discriminator = discriminator;
        RegisterComponents();
    }

    public Module<Tensor, Tensor> Encoder => encoder;
    public Module<Tensor, Tensor> Decoder => decoder;
    public Module<Tensor, Tensor> Discriminator => discriminator;
}
