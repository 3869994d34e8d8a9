using Aae.Evaluation;
using Aae.Export;
using Aae.Priors;
using Aae.Training;
using static TorchSharp.torch;

namespace Aae.Families;

/// <summary>
/// A kind of model (the AAE, the supervised AAE, WAE-MMD, ...): its networks, their optimisers,
/// the prior it matches codes to, all phases of one training batch (<see cref="Step"/>, returning
/// named losses), and the hooks through which the experiment hands it data and takes what only it
/// has (per-epoch values, metrics, figures, report and export details). What shared code may ask
/// of some families only are small interfaces (Capabilities.cs). The trainer, checkpoints, history,
/// evaluation and figures know no family, so a new family is one folder under Families/.
/// </summary>
public abstract class ModelFamily(IPrior prior) : IDisposable
{
    public IPrior Prior { get; } = prior;

    /// <summary>Every network as one module: what a checkpoint saves and training mode switches.</summary>
    public abstract nn.Module Networks { get; }

    /// <summary>The optimisers, in the order a checkpoint saves their states.</summary>
    public abstract IReadOnlyList<FusedAdam> Optimizers { get; }

    /// <summary>All phases of one batch (images in [0, 1], int64 labels, empty unless <see cref="UsesBatchLabels"/>); returns its named losses.</summary>
    public abstract StepLosses Step(Tensor images, Tensor labels, Generator generator);

    /// <summary>Codes [N, latent] of images [N, C, H, W] (the networks' current mode; see Evaluation.Encoding).</summary>
    public abstract Tensor Encode(Tensor images);

    /// <summary>Images from codes; <paramref name="condition"/> (int64 [N] classes) for an <see cref="IConditionalDecoder"/>.</summary>
    public abstract Tensor Decode(Tensor codes, Tensor? condition = null);

    /// <summary>The encoder network alone (images [N, C, H, W] to its raw output, before any head <see cref="Encode"/> applies): ONNX export.</summary>
    public abstract nn.Module<Tensor, Tensor> EncoderNetwork { get; }

    /// <summary>The decoder network alone (codes, then any condition, to images): the report embeds small ones.</summary>
    public abstract nn.Module<Tensor, Tensor> DecoderNetwork { get; }

    /// <summary>
    /// Whether <see cref="Step"/> reads its batch's labels. False for semi-supervised and clustering
    /// models: the trainer then passes none, so no label of an unlabelled image can leak into training.
    /// </summary>
    public virtual bool UsesBatchLabels => true;

    /// <summary>Called once a run's data is loaded, before training or evaluation: what the family may need of it.</summary>
    public virtual void SetUp(FamilySetUp setUp) { }

    /// <summary>Values the family adds to each epoch's history row after it trained (e.g. a validation error).</summary>
    public virtual IReadOnlyList<(string Name, double Value)> EpochValues() => [];

    /// <summary>Metrics only this family has, added after the shared ones (reconstruction, kNN, mode accuracy).</summary>
    public virtual void AddMetrics(Metrics metrics, FamilyEvaluation evaluation) { }

    /// <summary>Figures only this family draws (a figure it draws under a shared figure's name replaces that one).</summary>
    public virtual void AddFigures(FamilyFigures figures) { }

    /// <summary>How the exported ONNX files name and describe the encoder's output and the decoder's input.</summary>
    public virtual OnnxSignature Onnx(long encoderWidth, long decoderWidth) => OnnxSignature.Codes(encoderWidth, decoderWidth);

    /// <summary>Sets every optimiser's rate to <paramref name="scale"/> times its initial rate (the run's schedule).</summary>
    public void ScaleLearningRates(double scale)
    {
        foreach (var optimizer in Optimizers) optimizer.LearningRate = optimizer.InitialLearningRate * scale;
    }

    /// <summary>Frees what the family holds besides its networks and optimisers (data it was handed in <see cref="SetUp"/>).</summary>
    protected virtual void DisposeOwned() { }

    public void Dispose()
    {
        DisposeOwned();
        foreach (var optimizer in Optimizers) optimizer.Dispose();
        Networks.Dispose();
        GC.SuppressFinalize(this);
    }
}
