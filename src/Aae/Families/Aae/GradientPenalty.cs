using static TorchSharp.torch;

namespace Aae.Families.Aae;

/// <summary>
/// Mean ‖∂logit/∂z‖² at random points between prior samples and codes (a zero-centred gradient
/// penalty): it bounds how steeply the discriminator's logit can rise between the two, so a
/// discriminator that separates them easily cannot send the encoder ever larger gradients.
/// </summary>
static class GradientPenalty
{
    public static Tensor AtMixtures(nn.Module<Tensor, Tensor> discriminator, Tensor fromPrior, Tensor codes, Tensor? condition, Generator generator)
    {
        var mix = rand([fromPrior.shape[0], 1], generator: generator);
        return At(discriminator, mix * fromPrior + (1 - mix) * codes, condition);
    }

    /// <summary>Mean over rows of ‖∂D(point)/∂point‖² (the condition columns are not differentiated).</summary>
    internal static Tensor At(nn.Module<Tensor, Tensor> discriminator, Tensor points, Tensor? condition)
    {
        var between = points.detach().requires_grad_(true);
        var logits = discriminator.forward(AaeFamily.WithCondition(between, condition));
        var gradient = autograd.grad([logits.sum()], [between], retain_graph: true, create_graph: true)[0];
        return gradient.square().sum(1).mean();
    }
}
