using static TorchSharp.torch;

namespace Aae.Families;

/// <summary>What a decoder takes beside the code, described by what it is, not by a dataset's class count.</summary>
public sealed record DecoderCondition(DecoderCondition.Kinds Kind, int Size)
{
    public enum Kinds
    {
        /// <summary>A one-hot of one of <see cref="Size"/> classes, given as int64 class indices.</summary>
        ClassOneHot,
    }

    public static DecoderCondition ClassOneHot(int classes) => new(Kinds.ClassOneHot, classes);
}

/// <summary>A family whose decoder draws from a code and a condition (the supervised AAE: the class).</summary>
public interface IConditionalDecoder
{
    DecoderCondition Condition { get; }
}

/// <summary>A family with a discriminator that judges codes.</summary>
public interface ICodeDiscriminator
{
    /// <summary>
    /// The discriminator's probability that each code was drawn from the prior, seen with its class
    /// (int64 [N]) when the discriminator takes one, else as an unlabelled point.
    /// </summary>
    Tensor ScoreCodes(Tensor codes, Tensor? classes = null);

    /// <summary>The discriminator network (codes, then <see cref="DiscriminatorConditionSize"/> condition values, to one logit).</summary>
    nn.Module<Tensor, Tensor> DiscriminatorNetwork { get; }

    /// <summary>Size of the one-hot the discriminator sees beside each code (0 when it sees codes alone).</summary>
    int DiscriminatorConditionSize { get; }

    /// <summary>True when training placed each labelled class on its own prior component (labels shown to the discriminator).</summary>
    bool ClassesChooseComponents { get; }
}

/// <summary>A family that assigns images to categories (a softmax head).</summary>
public interface IAssignsCategories
{
    int CategoryCount { get; }

    /// <summary>True when category k is class k (trained on labels); false when categories are clusters, named by their majority labels.</summary>
    bool CategoriesAreClasses { get; }

    /// <summary>Each image's probability of each category, [N, <see cref="CategoryCount"/>].</summary>
    Tensor CategoryProbabilities(Tensor images);
}

/// <summary>A family whose code has named parts (the identity model: who, then how), measured apart.</summary>
public interface IHasCodeParts
{
    IReadOnlyList<CodePart> CodeParts { get; }
}

/// <summary>Columns [<see cref="Start"/>, <see cref="Start"/> + <see cref="Length"/>) of a code.</summary>
public sealed record CodePart(string Name, int Start, int Length);

public static class Capabilities
{
    /// <summary>Classes a decoder's one-hot condition covers, 0 when the code alone decodes.</summary>
    public static int DecoderClasses(this ModelFamily model) =>
        model is IConditionalDecoder { Condition: { Kind: DecoderCondition.Kinds.ClassOneHot } condition } ? condition.Size : 0;

    /// <summary>Categories the model assigns, 0 when it assigns none.</summary>
    public static int CategoryCount(this ModelFamily model) => (model as IAssignsCategories)?.CategoryCount ?? 0;
}
