using Aae.Families;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Aae.Benchmarks;

/// <summary>
/// Analytic FLOPs of an AAE step, counted as bench/reference_aae.py counts them so the two
/// sides' GFLOP/s compare: one multiply-add is 2 FLOPs; only Linear and (transposed)
/// convolution layers count; a back-propagated pass costs 3x its forward.
/// </summary>
public static class FlopCount
{
    /// <summary>
    /// FLOPs of one two-phase step on a batch shaped like <paramref name="images"/>: encoder and
    /// decoder forward + backward, and the discriminator three times (prior batch and code batch
    /// in phase 1, codes again in phase 2), each 3x its forward.
    /// </summary>
    public static long Step(ModelFamily family, Tensor images)
    {
        var critic = family as ICodeDiscriminator ?? throw new ArgumentException("the FLOPs of a step are counted for a family with a code discriminator");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = family.Networks;
        bool training = model.training;
        model.eval();  // keep batch norm's running statistics out of it
        try
        {
            long encoder = Forward(family.EncoderNetwork, images, out var codes);
            long decoder = Forward(family.DecoderNetwork, codes, out _);
            int condition = critic.DiscriminatorConditionSize;
            var scored = condition == 0 ? codes : cat([codes, zeros(codes.shape[0], condition)], 1);
            long discriminator = Forward(critic.DiscriminatorNetwork, scored, out _);
            return 3 * (encoder + decoder + 3 * discriminator);
        }
        finally
        {
            model.train(training);
        }
    }

    /// <summary>
    /// Forward FLOPs of the Linear, Conv2d and ConvTranspose2d layers inside <paramref name="network"/>
    /// on <paramref name="input"/>, and of any other layer holding its own 2-D or 4-D "weight".
    /// </summary>
    public static long Forward(nn.Module<Tensor, Tensor> network, Tensor input, out Tensor output)
    {
        long total = 0;
        var removers = new List<Action>();
        var silent = new HashSet<nn.Module>();
        foreach (var layer in network.modules().Prepend(network))
        {
            Func<Tensor, Tensor, long>? count = layer switch
            {
                Linear linear => (x, _) => LinearFlops(linear.weight!.shape, x),
                Conv2d conv => (_, y) => ConvolutionFlops(conv.weight!.shape, y),
                ConvTranspose2d deconv => (x, _) => ConvolutionFlops(deconv.weight!.shape, x),
                // Norm layers' 1-D weights are scales, not counted.
                _ => OwnWeight(layer) is { Length: 2 or 4 } shape ? (x, y) => WeightShapeFlops(shape, x, y) : null,
            };
            if (count is not null && layer is nn.Module<Tensor, Tensor> hookable)
            {
                silent.Add(layer);
                var hook = hookable.register_forward_hook((_, x, y) =>
                {
                    total += count(x, y);
                    silent.Remove(layer);
                    return y;
                });
                removers.Add(hook.remove);
            }
        }
        try
        {
            output = network.call(input);
        }
        finally
        {
            foreach (var remove in removers) remove();
        }
        // A layer run through forward() instead of call() skips its hooks and would go uncounted.
        if (silent.Count > 0)
            throw new InvalidOperationException(
                $"{network.GetName()}: {silent.Count} Linear/conv layer(s) ran without their forward hooks (call them with call(), not forward())");
        return total;
    }

    /// <summary>weight [out, in]: 2 * in * out per row of the input.</summary>
    static long LinearFlops(long[] weight, Tensor input) => 2 * weight[0] * input.numel();

    /// <summary>
    /// Conv2d weight [out, in/groups, kh, kw] with its output: each output value is one dot product.
    /// ConvTranspose2d weight [in, out/groups, kh, kw] with its input: each input value scatters one kernel.
    /// </summary>
    static long ConvolutionFlops(long[] weight, Tensor values) => 2 * values.numel() * weight[1] * weight[2] * weight[3];

    static long[]? OwnWeight(nn.Module layer) =>
        layer.named_parameters(recurse: false).Where(p => p.name == "weight").Select(p => p.parameter.shape).FirstOrDefault();

    /// <summary>
    /// A layer of our own with a weight (e.g. a transposed convolution computed another way): a 2-D
    /// weight is a linear map; a 4-D one a convolution, transposed when its output is larger than
    /// its input (with equal sizes both rules give the same count).
    /// </summary>
    static long WeightShapeFlops(long[] weight, Tensor x, Tensor y) =>
        weight.Length == 2 ? LinearFlops(weight, x)
        : y.shape[2] * y.shape[3] > x.shape[2] * x.shape[3] || (x.shape[1] == weight[0] && y.shape[1] != weight[0])
            ? ConvolutionFlops(weight, x)
            : ConvolutionFlops(weight, y);
}
