using static TorchSharp.torch;

namespace Aae.Networks;

/// <summary>
/// The study's initialisation for every network (MLPs and convolutions alike): Xavier-uniform weight
/// matrices and kernels, zero biases, batch norm at scale 1. It draws from the run's own seeded
/// generator, not libtorch's global one, so runs built side by side (tests in parallel) cannot
/// disturb each other and a seed always gives the same weights.
/// </summary>
public static class Initialization
{
    public static void Apply(nn.Module module, Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (parameter.dim() > 1)
            {
                // fan_in = size(1)·receptive field, fan_out = size(0)·receptive field, as torch.nn.init.
                long receptive = parameter.numel() / (parameter.shape[0] * parameter.shape[1]);
                double bound = Math.Sqrt(6.0 / ((parameter.shape[0] + parameter.shape[1]) * receptive));
                parameter.uniform_(-bound, bound, generator);
            }
            else if (name.EndsWith("bias", StringComparison.Ordinal)) parameter.zero_();
            else parameter.fill_(1);  // batch norm's scale
        }
    }
}
