namespace Aae.Config;

/// <summary>Which model family trains, and the weights of its regularisation.</summary>
public sealed record FamilySettings
{
    /// <summary>aae (the study's), supervised-aae (label to the decoder) or wae (WAE-MMD); see Families/.</summary>
    public string Name { get; init; } = "aae";

    /// <summary>Weight λ of the regulariser (adversarial terms, or the MMD) against the reconstruction error.</summary>
    public double Lambda { get; init; } = 0.1;

    /// <summary>
    /// False (the study): the autoencoder minimises reconstruction + λ·fooling. True: λ is relative,
    /// the fooling gradient at the codes is rescaled to λ times the reconstruction gradient's size.
    /// </summary>
    public bool AdaptiveLambda { get; init; }

    /// <summary>
    /// Weight γ of the discriminator's zero-centred gradient penalty between prior samples and codes:
    /// it keeps a discriminator in many dimensions from separating the codes with ever steeper
    /// logits, whose gradient would swamp the reconstruction. 0 turns it off (the study's setup).
    /// </summary>
    public double GradientPenalty { get; init; }

    /// <summary>Show label information to the discriminator (one-hot over classes + "unlabelled").</summary>
    public bool UseLabels { get; init; }
    public double LabelledFraction { get; init; } = 0.2;

    /// <summary>
    /// supervised-aae: the discriminator sees each code beside its label, prior samples beside the
    /// same labels, so every class's codes must match the prior on their own: the style code cannot
    /// carry the class. False: the paper's model, whose discriminator sees codes alone.
    /// </summary>
    public bool StylePerClass { get; init; }

    /// <summary>categorical-aae: the number K of categories (the softmax head y, the Cat(K) prior).</summary>
    public int Categories { get; init; } = 10;

    /// <summary>categorical-aae: labelled training images (balanced over classes, drawn with the seed); 0 = clustering.</summary>
    public int LabelledCount { get; init; }

    /// <summary>categorical-aae: standard deviation of the Gaussian noise added to the encoder's input in training.</summary>
    public double InputNoise { get; init; } = 0.3;

    /// <summary>categorical-aae: every training image (labelled or not) is moved by up to this many pixels, at random, each time it is seen.</summary>
    public int Shift { get; init; }

    /// <summary>
    /// categorical-aae: weight of the consistency term (not in the paper): the encoder learns to give
    /// an image moved and made noisy the category it gives the image. 0 = the paper's model.
    /// </summary>
    public double Consistency { get; init; }

    /// <summary>
    /// categorical-aae: weight of the balance term (not in the paper): the encoder learns to spread
    /// each batch over all categories (the KL divergence of the batch's mean y from uniform).
    /// The category discriminator asks the same of single codes, too weakly to stop categories dying.
    /// </summary>
    public double Balance { get; init; }

    /// <summary>
    /// categorical-aae: the balance term acts only while the batch's mean y is less spread than
    /// this many equally used categories (the exponential of its entropy); 0: all of them, so the
    /// term asks for equal sizes. With 16 categories for 10 digits equal sizes mean mixed ones.
    /// </summary>
    public double BalanceFloor { get; init; }

    /// <summary>
    /// categorical-aae: weight of virtual adversarial training (not in the paper): an image moved
    /// by <see cref="VatEpsilon"/> the way that changes its category most should keep it.
    /// </summary>
    public double Vat { get; init; }

    /// <summary>categorical-aae: length (L2 over the pixels, in [0, 1] units) of the virtual adversarial move.</summary>
    public double VatEpsilon { get; init; } = 2;

    /// <summary>
    /// categorical-aae: when above 0, each image's virtual adversarial move is this times its
    /// distance to its nearest neighbour among every 10th training image (about its 10th nearest
    /// among all; IMSAT's radius): short in dense regions, long in sparse ones. 0: <see cref="VatEpsilon"/>.
    /// </summary>
    public double VatNeighbourScale { get; init; }

    /// <summary>
    /// categorical-aae: the reconstruction error does not train the category head (not in the
    /// paper): y is shaped by the regularisation phase alone (the prior, VAT, balance) and only the
    /// style and the shared layers learn to reconstruct. Unchecked, reconstruction splits digits by
    /// style into categories; without it clustering's validation error fell from 21% to 14%.
    /// </summary>
    public bool DetachCategory { get; init; }

    public bool IsCategorical => Name == "categorical-aae";

    /// <summary>A categorical model without labels: its categories are clusters, judged by their majority labels.</summary>
    public bool IsClustering => IsCategorical && LabelledCount == 0;

    internal void Validate(PriorSettings prior)
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
        Check.That(InputNoise >= 0, $"--input-noise must not be negative (got {InputNoise})");
        Check.That(LabelledCount == 0 || IsCategorical, $"--labelled-count is a setting of categorical-aae, not {Name}");
        Check.That((Shift == 0 && Consistency == 0 && Balance == 0 && BalanceFloor == 0 && Vat == 0 && VatNeighbourScale == 0 && !DetachCategory) || IsCategorical,
            $"--shift, --consistency, --balance, --balance-floor, --vat, --vat-neighbour-scale and --detach-category are settings of categorical-aae, not {Name}");
        Check.That(!IsCategorical || prior.Kind == "gaussian", "categorical-aae's style prior is Gaussian: use --prior gaussian");
        Check.That(Lambda >= 0, $"--lambda must not be negative (got {Lambda})");
        Check.That(GradientPenalty >= 0, $"--gradient-penalty must not be negative (got {GradientPenalty})");
        Check.That(LabelledFraction is >= 0 and <= 1, $"--labelled must be between 0 and 1 (got {LabelledFraction})");
        Check.That(!UseLabels || prior.Kind != "gaussian", "--labels needs a prior with one component per class (umbrella or swiss-roll)");
        Check.That(!UseLabels || Name == "aae", $"--labels shows labels to the discriminator of the aae family, not {Name}");
        Check.That(!StylePerClass || Name == "supervised-aae", $"--style-per-class is a setting of supervised-aae, not {Name}");
    }
}
