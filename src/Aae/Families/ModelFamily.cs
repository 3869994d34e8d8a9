using Aae.Priors;
using Aae.Training;
using static TorchSharp.torch;

namespace Aae.Families;

/// <summary>
/// A kind of model (the AAE, the supervised AAE, WAE-MMD, ...): its networks, their optimisers,
/// the prior it matches codes to, all phases of one training batch (<see cref="Step"/>, returning
/// named losses), and what a trained one can do. The trainer, checkpoints, history, evaluation and
/// figures work through this class only, so a new family is one folder under Families/.
/// </summary>
public abstract class ModelFamily(IPrior prior) : IDisposable
{
    public IPrior Prior { get; } = prior;

    /// <summary>Every network as one module: what a checkpoint saves and training mode switches.</summary>
    public abstract nn.Module Networks { get; }

    /// <summary>The optimisers, in the order a checkpoint saves their states.</summary>
    public abstract IReadOnlyList<FusedAdam> Optimizers { get; }

    /// <summary>Names of the values <see cref="Step"/> returns: history.csv's columns, the progress display's labels.</summary>
    public abstract IReadOnlyList<string> LossNames { get; }

    /// <summary>All phases of one batch (images in [0, 1], int64 labels); returns the losses, float32 [LossNames.Count].</summary>
    public abstract Tensor Step(Tensor images, Tensor labels, Generator generator);

    /// <summary>Codes [N, latent] of images [N, C, H, W] (the networks' current mode; see Evaluation.Encoding).</summary>
    public abstract Tensor Encode(Tensor images);

    /// <summary>Images from codes; <paramref name="classes"/> (int64 [N]) when <see cref="DecoderClasses"/> &gt; 0.</summary>
    public abstract Tensor Decode(Tensor codes, Tensor? classes = null);

    /// <summary>
    /// The encoder network alone (images [N, C, H, W] to its raw output; the categorical AAE's is its
    /// K category logits, then the style, before the softmax <see cref="Encode"/> applies): ONNX export.
    /// </summary>
    public abstract nn.Module<Tensor, Tensor> EncoderNetwork { get; }

    /// <summary>The decoder network alone (codes, then the class one-hot where <see cref="DecoderClasses"/> &gt; 0, to images): the report embeds small ones.</summary>
    public abstract nn.Module<Tensor, Tensor> DecoderNetwork { get; }

    /// <summary>How many classes the decoder takes beside the code (the supervised AAE); 0 when the code alone decodes.</summary>
    public virtual int DecoderClasses => 0;

    /// <summary>Whether a discriminator judges codes (see <see cref="ScoreCodes"/>).</summary>
    public virtual bool HasDiscriminator => false;

    /// <summary>
    /// The discriminator's probability that each code was drawn from the prior, seen with its class
    /// (int64 [N]) when the discriminator takes one, else as an unlabelled point.
    /// </summary>
    public virtual Tensor ScoreCodes(Tensor codes, Tensor? classes = null) => throw new AaeException("this model family has no discriminator");

    /// <summary>True when training placed each labelled class on its own prior component (labels shown to the discriminator).</summary>
    public virtual bool LabelsChooseComponents => false;

    /// <summary>Categories the model assigns images to (a softmax head, see <see cref="CategoryProbabilities"/>); 0 when it has none.</summary>
    public virtual int CategoryCount => 0;

    /// <summary>Each image's probability of each category, [N, <see cref="CategoryCount"/>].</summary>
    public virtual Tensor CategoryProbabilities(Tensor images) => throw new AaeException("this model family does not assign categories");

    /// <summary>
    /// Whether <see cref="Step"/> reads its batch's labels. False for semi-supervised and clustering
    /// models: the trainer then passes none, so no label of an unlabelled image can leak into training.
    /// </summary>
    public virtual bool UsesBatchLabels => true;

    /// <summary>Sets every optimiser's rate to <paramref name="scale"/> times its initial rate (the run's schedule).</summary>
    public void ScaleLearningRates(double scale)
    {
        foreach (var optimizer in Optimizers) optimizer.LearningRate = optimizer.InitialLearningRate * scale;
    }

    public void Dispose()
    {
        foreach (var optimizer in Optimizers) optimizer.Dispose();
        Networks.Dispose();
        GC.SuppressFinalize(this);
    }
}
