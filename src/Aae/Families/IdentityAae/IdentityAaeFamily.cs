using Aae.Config;
using Aae.Export;
using Aae.Families.Aae;
using Aae.Priors;
using Aae.Training;
using Aae.Visualization;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aae.Families.IdentityAae;

/// <summary>
/// Who and how apart, for faces: the code's first part is an identity, the rest a style, and the
/// decoder draws the face from both. Each batch image is drawn from its own style and the identity
/// of another image of the same person (<see cref="PartnerImages"/>), so the identity can only hold
/// what a person's images share; a contrastive loss (InfoNCE over cosine similarities) pulls two
/// images of a person together and pushes other people's apart, so the identity comes from the image
/// and serves people never seen; and, as in the AAE, a discriminator matches the whole code to N(0, I),
/// so codes drawn from the prior are new people in new poses. One encoder gives both parts.
/// </summary>
public sealed class IdentityAaeFamily : AaeFamily, IHasCodeParts
{
    public static new readonly FamilyDescriptor Descriptor = new("identity-aae",
        "faces: an identity code learnt from people's several images and a style code, both matched to N(0, I)",
        typeof(IdentityAaeOptions), () => new IdentityAaeOptions(), IdentityAaeOptions.Settings,
        (config, prior, shape, classes) => new IdentityAaeFamily(config, prior, shape, classes)) { Presets = IdentityPresets.All };

    readonly IdentityAaeOptions options;
    readonly int identitySize, styleSize;
    readonly StyleJudge? judge;
    readonly JudgedNetworks? judgedNetworks;
    PartnerImages? partners;

    public IdentityAaeFamily(RunConfig config, IPrior prior, long[] imageShape, int classCount)
        : base(config, prior, imageShape, classCount, decoderClasses: 0, discriminatorClasses: 0)
    {
        options = (IdentityAaeOptions)config.Family;
        identitySize = options.IdentitySize;
        styleSize = prior.Dimensions - identitySize;
        if (options.StyleAdversary > 0)
        {
            judge = new StyleJudge(config.Networks, styleSize, config.Training.DiscriminatorLearningRate, config.Training.AdamBeta1);
            judgedNetworks = new JudgedNetworks(AaeNetworks, judge);
        }
    }

    public override nn.Module Networks => judgedNetworks ?? base.Networks;
    public override IReadOnlyList<FusedAdam> Optimizers => judge is null ? base.Optimizers : [.. base.Optimizers, judge.Optimizer];

    public IReadOnlyList<CodePart> CodeParts => [new("identity", 0, identitySize), new("style", identitySize, styleSize)];

    public override void SetUp(FamilySetUp setUp)
    {
        partners = new PartnerImages(setUp.Train);
        if (partners.RepeatedPeople == 0)
            throw new AaeException($"the identity model learns from people with two or more training images, and no person of these {setUp.Train.Count} has two (LFW needs --all)");
    }

    public override OnnxSignature Onnx(long encoderWidth, long decoderWidth) => OnnxSignature.Codes(encoderWidth, decoderWidth) with
    {
        EncoderOutputDoc = $"float32 [batch, {encoderWidth}]: the {identitySize}-d identity code, then the {styleSize}-d style code",
        DecoderInputDoc = $"float32 [batch, {decoderWidth}]: an identity code ({identitySize}), then a style code ({styleSize}); swap them between faces to swap who and how",
        Metadata = [("aae.identity_size", identitySize.ToString())],
    };

    /// <summary>swaps.png: held-out faces of people trained on and of unseen people, each drawn in the styles of others.</summary>
    public override void AddFigures(FamilyFigures figures)
    {
        using var scope = NewDisposeScope();
        var known = figures.Train.Labels.data<long>().ToHashSet();
        var people = figures.Test.Labels.data<long>().ToArray();
        var knownRows = Enumerable.Range(0, people.Length).Where(i => known.Contains(people[i])).Take(3);
        var unseenRows = Enumerable.Range(0, people.Length).Where(i => !known.Contains(people[i])).Take(6 - knownRows.Count());
        var identities = tensor(knownRows.Concat(unseenRows).Select(i => (long)i).ToArray());
        var styles = tensor(Enumerable.Range(0, people.Length).Reverse().Take(6).Select(i => (long)i).ToArray());
        SwapFigure.Save(figures.Add("swaps.png"), this, figures.Test.FloatImages(identities), figures.TestCodes.index_select(0, identities),
            figures.Test.FloatImages(styles), figures.TestCodes.index_select(0, styles),
            "held-out faces: rows give who (3 people trained on, then unseen people), columns how");
    }

    /// <summary>One batch: the discriminator learns, then the encoder and decoder reconstruct each image from its partner's identity and its own style, tell people apart, and fool the discriminator.</summary>
    public override StepLosses Step(Tensor images, Tensor labels, Generator generator)
    {
        var (partnerImages, repeated) = (partners ?? throw new InvalidOperationException("SetUp first")).For(images, labels, generator);
        var (components, _) = ComponentsAndCondition(labels, generator);
        var fromPrior = Prior.Sample(components, generator);
        var codes = AaeNetworks.Encoder.forward(images);
        var partnerCodes = AaeNetworks.Encoder.forward(partnerImages);
        var (discriminatorLoss, bothLogits) = RegularisationPhase(fromPrior, codes.detach(), null, generator);
        var judgeLoss = judge?.Learn(Style(codes), Style(partnerCodes), labels, repeated);

        FreezeDiscriminator(true);
        // Both losses are taken at detached codes, so the fooling gradient can be weighed against the others (AdaptiveWeight).
        var atCodes = codes.detach().requires_grad_(true);
        var atPartners = partnerCodes.detach().requires_grad_(true);
        var reconstructions = AaeNetworks.Decoder.forward(cat([atPartners.narrow(1, 0, identitySize), atCodes.narrow(1, identitySize, styleSize)], 1));
        var reconstructionLoss = mse_loss(reconstructions, images.view(reconstructions.shape));
        var identityLoss = ContrastiveLoss(atCodes.narrow(1, 0, identitySize), atPartners.narrow(1, 0, identitySize), labels, repeated);
        var styleLeak = StyleLeak(Style(atCodes), Style(atPartners), labels, repeated);
        var confusion = judge?.Confusion(Style(atCodes), Style(atPartners), labels, repeated);
        var generatorLoss = PassedOffAsPrior(AaeNetworks.Discriminator.forward(atCodes));
        EncoderOptimizer.zero_grad();
        DecoderOptimizer.zero_grad();
        var autoencoderLoss = reconstructionLoss + (float)options.IdentityWeight * identityLoss + (float)options.StyleIndependence * styleLeak;
        (confusion is null ? autoencoderLoss : autoencoderLoss + (float)options.StyleAdversary * confusion).backward();
        var towardsPrior = autograd.grad([generatorLoss], [atCodes])[0];
        var towardsCodes = atCodes.grad!;
        var weight = options.AdaptiveLambda ? AdaptiveWeight.Weight(towardsCodes, towardsPrior, options.Lambda) : tensor((float)options.Lambda);
        ((codes * (towardsCodes + weight * towardsPrior)).sum() + (partnerCodes * atPartners.grad!).sum()).backward();
        EncoderOptimizer.step();
        DecoderOptimizer.step();
        FreezeDiscriminator(false);

        using var noGrad = no_grad();
        var meanOutputs = bothLogits.sigmoid().view(2, images.shape[0]).mean([1]);
        return new StepLosses()
            .Add("reconstruction_loss", "recon", reconstructionLoss)
            .Add("identity_loss", "ident", identityLoss)
            .Add("style_leak", "leak", styleLeak)
            .AddIfAny("judge_loss", "judge", judgeLoss)
            .AddIfAny("style_confusion", "confusion", confusion)
            .Add("discriminator_loss", "disc", discriminatorLoss)
            .Add("generator_loss", "gen", generatorLoss)
            .Add(["d_on_prior", "d_on_codes"], ["D(prior)", "D(code)"], meanOutputs);
    }

    Tensor Style(Tensor codes) => codes.narrow(1, identitySize, styleSize);

    /// <summary>
    /// How much closer each style sits to its partner's (the same person in another photo) than, on
    /// average, to the partners of other people in the batch, in cosine similarity; only the excess
    /// counts (a style may be as close to its partner's as to anyone's: same light, same pose).
    /// </summary>
    internal static Tensor StyleLeak(Tensor styles, Tensor partnerStyles, Tensor labels, Tensor repeated)
    {
        long batch = labels.shape[0];
        var similarity = normalize(styles, p: 2, dim: 1).matmul(normalize(partnerStyles, p: 2, dim: 1).T);
        var otherPeople = labels.unsqueeze(1).ne(labels.unsqueeze(0)).to_type(ScalarType.Float32);
        var toOthers = (similarity * otherPeople).sum([1]) / otherPeople.sum([1]).clamp_min(1);
        var excess = relu(similarity.diagonal() - toOthers);
        var counted = repeated.to_type(ScalarType.Float32);
        return (excess * counted).sum() / counted.sum().clamp_min(1);
    }

    /// <summary>
    /// InfoNCE both ways between the batch's identities and their partners': each image's partner is
    /// the right answer among all partners of the batch. Other images of the same person are neither
    /// right nor wrong (masked); positions whose person has one image only do not count.
    /// </summary>
    Tensor ContrastiveLoss(Tensor identities, Tensor partnerIdentities, Tensor labels, Tensor repeated)
    {
        long batch = labels.shape[0];
        var similarity = normalize(identities, p: 2, dim: 1).matmul(normalize(partnerIdentities, p: 2, dim: 1).T) / (float)options.Temperature;
        var samePerson = labels.unsqueeze(1).eq(labels.unsqueeze(0)).logical_and(eye(batch, dtype: ScalarType.Bool).logical_not());
        var logits = similarity.masked_fill(samePerson, -1e4f);
        var targets = arange(batch, dtype: ScalarType.Int64);
        var perImage = cross_entropy(logits, targets, reduction: TorchSharp.torch.nn.Reduction.None) + cross_entropy(logits.T, targets, reduction: TorchSharp.torch.nn.Reduction.None);
        var counted = repeated.to_type(ScalarType.Float32);
        return (perImage * counted).sum() / (2 * counted.sum().clamp_min(1));
    }
}
