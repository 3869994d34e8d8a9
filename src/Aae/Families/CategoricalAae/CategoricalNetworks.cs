using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Aae.Families.CategoricalAae;

/// <summary>
/// The categorical AAE's four networks as one module (one checkpoint). The encoder's last layer has
/// K + D outputs: the first K are the category logits (the y head), the rest the style z (the z
/// head), both on the same hidden layers.
/// </summary>
public sealed class CategoricalNetworks : Module
{
    private readonly Module<Tensor, Tensor> encoder;
    private readonly Module<Tensor, Tensor> decoder;
    private readonly Module<Tensor, Tensor> category_discriminator;
    private readonly Module<Tensor, Tensor> style_discriminator;

    public CategoricalNetworks(Module<Tensor, Tensor> encoder, Module<Tensor, Tensor> decoder,
        Module<Tensor, Tensor> categoryDiscriminator, Module<Tensor, Tensor> styleDiscriminator) : base(nameof(CategoricalNetworks))
    {
        this.encoder = encoder;
        this.decoder = decoder;
        category_discriminator = categoryDiscriminator;
        style_discriminator = styleDiscriminator;
        RegisterComponents();
    }

    public Module<Tensor, Tensor> Encoder => encoder;
    public Module<Tensor, Tensor> Decoder => decoder;
    /// <summary>Tells one-hots drawn from Cat(K) (high logit) from the encoder's softmax outputs.</summary>
    public Module<Tensor, Tensor> CategoryDiscriminator => category_discriminator;
    /// <summary>Tells N(0, I) draws (high logit) from the encoder's styles.</summary>
    public Module<Tensor, Tensor> StyleDiscriminator => style_discriminator;
}
