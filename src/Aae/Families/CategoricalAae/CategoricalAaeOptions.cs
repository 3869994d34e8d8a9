using Aae.Config;

namespace Aae.Families.CategoricalAae;

/// <summary>The categorical AAE (semi-supervised classification and clustering): its categories, labels and the additions beyond the paper.</summary>
public sealed record CategoricalAaeOptions : FamilyOptions
{
    public override string Name => "categorical-aae";

    /// <summary>The number K of categories (the softmax head y, the Cat(K) prior).</summary>
    public int Categories { get; init; } = 10;

    /// <summary>Labelled training images (balanced over classes, drawn with the seed); 0 = clustering.</summary>
    public int LabelledCount { get; init; }

    /// <summary>Standard deviation of the Gaussian noise added to the encoder's input in training.</summary>
    public double InputNoise { get; init; } = 0.3;

    /// <summary>Every training image (labelled or not) is moved by up to this many pixels, at random, each time it is seen.</summary>
    public int Shift { get; init; }

    /// <summary>Weight of the consistency term (not in the paper): a moved, noisy copy of an image should get the image's category.</summary>
    public double Consistency { get; init; }

    /// <summary>
    /// Weight of the balance term (not in the paper): the encoder learns to spread each batch over all
    /// categories (the KL divergence of the batch's mean y from uniform). The category discriminator
    /// asks the same of single codes, too weakly to stop categories dying.
    /// </summary>
    public double Balance { get; init; }

    /// <summary>
    /// The balance term acts only while the batch's mean y is less spread than this many equally used
    /// categories (the exponential of its entropy); 0: all of them, so the term asks for equal sizes.
    /// </summary>
    public double BalanceFloor { get; init; }

    /// <summary>Weight of virtual adversarial training (not in the paper): a worst-case move of <see cref="VatEpsilon"/> should keep an image's category.</summary>
    public double Vat { get; init; }

    /// <summary>Length (L2 over the pixels, in [0, 1] units) of the virtual adversarial move.</summary>
    public double VatEpsilon { get; init; } = 2;

    /// <summary>
    /// Above 0: each image's virtual adversarial move is this times its distance to its nearest
    /// neighbour among every 10th training image (IMSAT's radius). 0: <see cref="VatEpsilon"/> for all.
    /// </summary>
    public double VatNeighbourScale { get; init; }

    /// <summary>
    /// The reconstruction error does not train the category head (not in the paper): y is shaped by the
    /// regularisation phase alone and only the style and the shared layers learn to reconstruct.
    /// </summary>
    public bool DetachCategory { get; init; }

    /// <summary>
    /// Weight of the fooling term (the encoder passing y and z off as prior draws). 0: no
    /// discriminators and no prior matching; with <see cref="Reconstruction"/> off as well, the
    /// encoder is a plain classifier (labels and the optional terms only), the baseline that shows
    /// what the AAE's parts add.
    /// </summary>
    public double AdversarialWeight { get; init; } = 1;

    /// <summary>The reconstruction phase runs (the paper's model); off, the decoder never learns.</summary>
    public bool Reconstruction { get; init; } = true;

    /// <summary>
    /// Above 0: the paper's dimensionality reduction. The decoder draws from W_C y + z (a learned
    /// cluster head per category plus the style, as many dimensions as the style) and heads closer
    /// than this distance cost (<see cref="HeadCost"/>). 0: the decoder draws from [y, z].
    /// </summary>
    public double HeadDistance { get; init; }

    /// <summary>Weight of the cluster heads' distance cost (with <see cref="HeadDistance"/>).</summary>
    public double HeadCost { get; init; } = 1;

    /// <summary>The encoder's learning rate in the regularisation phase (fooling the discriminators).</summary>
    public double RegularisationLearningRate { get; init; } = 1e-3;

    /// <summary>The encoder's learning rate in the semi-supervised phase (cross-entropy on labelled images).</summary>
    public double SemiSupervisedLearningRate { get; init; } = 1e-3;

    /// <summary>Without labels its categories are clusters, judged by their majority labels.</summary>
    public bool IsClustering => LabelledCount == 0;

    public override void Validate(RunConfig config)
    {
        Check.That(Categories >= 2, $"--categories must be at least 2 (got {Categories})");
        Check.That(LabelledCount >= 0, $"--labelled-count must not be negative (got {LabelledCount})");
        Check.That(Shift is >= 0 and <= 8, $"--shift must be between 0 and 8 pixels (got {Shift})");
        Check.That(Consistency >= 0, $"--consistency must not be negative (got {Consistency})");
        Check.That(Balance >= 0, $"--balance must not be negative (got {Balance})");
        Check.That(BalanceFloor == 0 || (BalanceFloor >= 1 && BalanceFloor <= Categories),
            $"--balance-floor must be 0 or between 1 and --categories ({Categories}) (got {BalanceFloor})");
        Check.That(Vat >= 0, $"--vat must not be negative (got {Vat})");
        Check.That(VatEpsilon > 0, $"--vat-epsilon must be positive (got {VatEpsilon})");
        Check.That(VatNeighbourScale >= 0, $"--vat-neighbour-scale must not be negative (got {VatNeighbourScale})");
        Check.That(AdversarialWeight >= 0, $"--adversarial-weight must not be negative (got {AdversarialWeight})");
        Check.That(InputNoise >= 0, $"--input-noise must not be negative (got {InputNoise})");
        Check.That(HeadDistance >= 0, $"--head-distance must not be negative (got {HeadDistance})");
        Check.That(HeadCost >= 0, $"--head-cost must not be negative (got {HeadCost})");
        Check.That(RegularisationLearningRate > 0 && SemiSupervisedLearningRate > 0, "learning rates must be positive");
        Check.That(config.Prior.Kind == "gaussian", "categorical-aae's style prior is Gaussian: use --prior gaussian");
    }

    public static IReadOnlyList<Setting> Settings { get; } =
    [
        Of("--categories", "number of categories K (clusters, or classes with --labelled-count)", o => o.Categories, (o, v) => o with { Categories = v }),
        Of("--labelled-count", "labelled training images, balanced over classes (0 = unsupervised clustering)", o => o.LabelledCount, (o, v) => o with { LabelledCount = v }),
        Of("--input-noise", "standard deviation of the Gaussian noise on the encoder's input in training", o => o.InputNoise, (o, v) => o with { InputNoise = v }),
        Of("--shift", "move each training image by up to N pixels at random each time it is seen (0 = the paper's setup)", o => o.Shift, (o, v) => o with { Shift = v }),
        Of("--consistency", "weight of the term that gives a moved, noisy copy of an image the image's category (0 = the paper's model)", o => o.Consistency, (o, v) => o with { Consistency = v }),
        Of("--balance", "weight of the term that spreads each batch over all categories (0 = the paper's model)", o => o.Balance, (o, v) => o with { Balance = v }),
        Of("--balance-floor", "the balance term acts only while a batch uses fewer than this many categories' worth (0 = it asks for equal sizes)", o => o.BalanceFloor, (o, v) => o with { BalanceFloor = v }),
        Of("--detach-category", "the reconstruction error does not train the category head, only the style (false = the paper's model)", o => o.DetachCategory, (o, v) => o with { DetachCategory = v }),
        Of("--vat", "weight of virtual adversarial training: a small worst-case move of an image keeps its category (0 = the paper's model)", o => o.Vat, (o, v) => o with { Vat = v }),
        Of("--vat-epsilon", "length of that move (L2 over the pixels in [0, 1])", o => o.VatEpsilon, (o, v) => o with { VatEpsilon = v }),
        Of("--vat-neighbour-scale", "instead, each image's move is this times the distance to its nearest of every 10th training image (about its 10th nearest; 0 = --vat-epsilon for all)", o => o.VatNeighbourScale, (o, v) => o with { VatNeighbourScale = v }),
        Of("--adversarial-weight", "weight of the encoder's fooling of the discriminators (0 = no prior matching: with --reconstruction false a plain classifier, the baseline)", o => o.AdversarialWeight, (o, v) => o with { AdversarialWeight = v }),
        Of("--reconstruction", "run the reconstruction phase (false = the decoder never learns; with --adversarial-weight 0 a plain classifier)", o => o.Reconstruction, (o, v) => o with { Reconstruction = v }),
        Of("--head-distance", "above 0, the paper's dimensionality reduction: the decoder draws from a learned cluster head per category plus the style (as many dimensions as --latent-size), heads kept this far apart (0 = it draws from [y, z])", o => o.HeadDistance, (o, v) => o with { HeadDistance = v }),
        Of("--head-cost", "weight of the cost on cluster heads closer than --head-distance", o => o.HeadCost, (o, v) => o with { HeadCost = v }),
        Of("--regularisation-lr", "encoder learning rate of the regularisation phase (fooling the discriminators)", o => o.RegularisationLearningRate, (o, v) => o with { RegularisationLearningRate = v }),
        Of("--semi-supervised-lr", "encoder learning rate of the semi-supervised phase", o => o.SemiSupervisedLearningRate, (o, v) => o with { SemiSupervisedLearningRate = v }),
    ];

    static Setting<T> Of<T>(string name, string description, Func<CategoricalAaeOptions, T> get, Func<CategoricalAaeOptions, T, CategoricalAaeOptions> set) =>
        FamilySetting.Of(name, description, get, set);
}
