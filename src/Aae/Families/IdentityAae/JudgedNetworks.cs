using Aae.Families.Aae;
using static TorchSharp.torch;

namespace Aae.Families.IdentityAae;

/// <summary>
/// The AAE's three networks and the style judge as one module, so a run with --style-adversary
/// saves and resumes them together; the first three keep the AAE's checkpoint keys.
/// </summary>
sealed class JudgedNetworks : nn.Module
{
    private readonly nn.Module<Tensor, Tensor> encoder;
    private readonly nn.Module<Tensor, Tensor> decoder;
    private readonly nn.Module<Tensor, Tensor> discriminator;
    private readonly StyleJudge judge;

    public JudgedNetworks(AaeNetworks networks, StyleJudge judge) : base(nameof(JudgedNetworks))
    {
        encoder = networks.Encoder;
        decoder = networks.Decoder;
        discriminator = networks.Discriminator;
        this.judge = judge;
        RegisterComponents();
    }
}
