using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aae.Families.CategoricalAae;

/// <summary>
/// Virtual adversarial training (Miyato et al. 2018), not in the AAE paper: the category of an
/// image should not change under the small move of its pixels that changes it most. That move is
/// found without labels, by one step of power iteration on the divergence's curvature.
/// </summary>
public static class VirtualAdversarialPerturbation
{
    // The probe's length: small against the perturbation, large enough for float32 gradients.
    const float ProbeLength = 0.1f;

    /// <summary>
    /// KL(<paramref name="probabilities"/> || the categories of the images moved by
    /// <paramref name="epsilon"/> (L2, per image; or by each image's own length in
    /// <paramref name="lengths"/> [N]) the most damaging way), averaged over the batch.
    /// </summary>
    public static Tensor Loss(Func<Tensor, Tensor> logitsOf, Tensor images, Tensor probabilities, float epsilon, Generator generator,
        Tensor? lengths = null)
    {
        var probe = Unit(randn(images.shape, generator: generator)).mul_(ProbeLength).requires_grad_();
        var probeDivergence = Divergence(probabilities, logitsOf(images + probe));
        var direction = autograd.grad([probeDivergence], [probe])[0];
        var move = lengths is null ? Unit(direction).mul_(epsilon) : Unit(direction).mul_(PerImage(lengths, images));
        return Divergence(probabilities, logitsOf(images + move));
    }

    static Tensor Divergence(Tensor probabilities, Tensor logits) =>
        (probabilities * (probabilities.clamp_min(1e-12).log() - log_softmax(logits, 1))).sum(1).mean();

    /// <summary>Each image's vector scaled to length 1.</summary>
    static Tensor Unit(Tensor vectors)
    {
        var lengths = vectors.detach().flatten(1).square().sum(1).sqrt().add_(1e-12);
        return vectors.detach() / PerImage(lengths, vectors);
    }

    /// <summary>One value per image [N], shaped to multiply or divide images [N, ...].</summary>
    static Tensor PerImage(Tensor values, Tensor images) =>
        values.view([images.shape[0], .. Enumerable.Repeat(1L, (int)images.dim() - 1)]);
}
