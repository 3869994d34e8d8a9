using Aae.Config;
using Aae.Networks;
using Aae.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aae.Families.IdentityAae;

/// <summary>
/// An adversary on the style part: a network that learns to tell, from two style codes, whether
/// their photos show the same person (a style and its partner's) or two people (a style and another
/// position's partner). The encoder then learns to leave it unsure (a logit of 0 on every pair), so
/// what the judge finds of the person in the style is taken out. Unlike a fixed penalty on
/// similarity it asks only for what the judge can find, not for all styles to be alike.
/// </summary>
sealed class StyleJudge : nn.Module
{
    private readonly nn.Module<Tensor, Tensor> network;
    readonly Parameter[] judgeParameters;

    public StyleJudge(NetworkSettings settings, int styleSize, double learningRate, double beta1) : base(nameof(StyleJudge))
    {
        // A pair is seen through symmetric features, so (a, b) and (b, a) are one question.
        network = NetworkFactory.Discriminator(settings, 2 * styleSize);
        RegisterComponents();
        judgeParameters = network.parameters().ToArray();
        Optimizer = new FusedAdam(judgeParameters, learningRate, beta1);
    }

    public FusedAdam Optimizer { get; }

    /// <summary>
    /// One step of the judge on detached styles; returns its loss (the binary cross-entropy of the
    /// same-person pairs plus that of the two-people pairs: 2 log 2 = 1.39 when it cannot tell).
    /// </summary>
    public Tensor Learn(Tensor styles, Tensor partnerStyles, Tensor labels, Tensor repeated)
    {
        var (same, different) = Pairs(labels, repeated);
        var logits = Logits(styles.detach(), partnerStyles.detach());
        var loss = Mean(softplus(-logits), same) + Mean(softplus(logits), different);
        Optimizer.zero_grad();
        loss.backward();
        Optimizer.step();
        return loss;
    }

    /// <summary>
    /// The encoder's side, with the judge's weights fixed: the mean over the judged pairs of the
    /// cross-entropy against a coin's 1/2, less its floor log 2, so 0 when the judge is left unsure.
    /// </summary>
    public Tensor Confusion(Tensor styles, Tensor partnerStyles, Tensor labels, Tensor repeated)
    {
        var (same, different) = Pairs(labels, repeated);
        foreach (var parameter in judgeParameters) parameter.requires_grad = false;
        var logits = Logits(styles, partnerStyles);
        foreach (var parameter in judgeParameters) parameter.requires_grad = true;
        var unsure = 0.5f * (softplus(logits) + softplus(-logits)) - MathF.Log(2);
        return 0.5f * (Mean(unsure, same) + Mean(unsure, different));
    }

    /// <summary>
    /// Logits [2B]: each style against its partner's (the first B) and against the previous position's
    /// partner (the last B).
    /// </summary>
    Tensor Logits(Tensor styles, Tensor partnerStyles)
    {
        var others = partnerStyles.roll(1, 0);
        var pairs = cat([PairFeatures(styles, partnerStyles), PairFeatures(styles, others)]);
        return network.forward(pairs).flatten();
    }

    static Tensor PairFeatures(Tensor a, Tensor b) => cat([(a - b).abs(), a * b], 1);

    /// <summary>Which of the 2B pairs count: same-person pairs of people with a partner, and pairs of two different people.</summary>
    static (Tensor Same, Tensor Different) Pairs(Tensor labels, Tensor repeated)
    {
        var none = zeros_like(repeated);
        var differentPeople = labels.ne(labels.roll(1, 0));
        return (cat([repeated, none]).to_type(ScalarType.Float32), cat([none, differentPeople]).to_type(ScalarType.Float32));
    }

    static Tensor Mean(Tensor values, Tensor counted) => (values * counted).sum() / counted.sum().clamp_min(1);
}
