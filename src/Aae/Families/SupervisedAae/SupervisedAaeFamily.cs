using Aae.Config;
using Aae.Export;
using Aae.Families.Aae;
using Aae.Priors;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Aae.Families.SupervisedAae;

/// <summary>
/// The AAE paper's supervised model (its section 4): the decoder receives the one-hot label beside
/// the code, so the label carries the content (which digit) and the code, matched to the prior by
/// the discriminator, is left to carry the style (slant, width, stroke). Same two phases as the AAE.
/// </summary>
public sealed class SupervisedAaeFamily : AaeFamily, IConditionalDecoder
{
    public static new readonly FamilyDescriptor Descriptor = new("supervised-aae", "the paper's supervised AAE: the class to the decoder, the code keeps the style",
        typeof(SupervisedAaeOptions), () => new SupervisedAaeOptions(), SupervisedAaeOptions.Settings,
        (config, prior, shape, classes) => new SupervisedAaeFamily(config, prior, shape, classes)) { Presets = [Preset] };

    // The discriminator sees each style code with its digit, so no digit keeps codes of its own; a
    // 3-d style was chosen by looking at styles.png (docs/families.md).
    static Presets.Preset Preset => new("mnist-supervised", "MNIST, supervised AAE: the digit goes to the decoder, a 3-d Gaussian style code keeps the style",
        new RunConfig { Preset = "mnist-supervised", Family = new SupervisedAaeOptions { StylePerClass = true }, Prior = new() { LatentSize = 3 } });

    readonly int classCount;

    public SupervisedAaeFamily(RunConfig config, IPrior prior, long[] imageShape, int classCount)
        : base(config, prior, imageShape, classCount, CheckedClasses(classCount),
            discriminatorClasses: ((SupervisedAaeOptions)config.Family).StylePerClass ? classCount : 0)
    {
        this.classCount = classCount;
    }

    public DecoderCondition Condition => DecoderCondition.ClassOneHot(classCount);

    public override Tensor Decode(Tensor codes, Tensor? condition = null)
    {
        if (condition is null) throw new AaeException("the supervised AAE decodes a style code together with a class");
        return AaeNetworks.Decoder.forward(WithClass(codes, condition));
    }

    public override OnnxSignature Onnx(long encoderWidth, long decoderWidth) => OnnxSignature.Codes(encoderWidth, decoderWidth) with
    {
        DecoderInput = "codes_and_one_hot",
        DecoderInputDoc = $"float32 [batch, {decoderWidth}]: the {decoderWidth - classCount}-d style code, then the one-hot of the class "
            + $"to draw ({classCount} classes: class c is a 1 at position {decoderWidth - classCount} + c, zeros elsewhere)",
        Metadata = [("aae.decoder_classes", classCount.ToString())],
    };

    protected override Tensor DecodeBatch(Tensor codes, Tensor labels) => AaeNetworks.Decoder.forward(WithClass(codes, labels));

    /// <summary>With a style per class, every position's label goes to the discriminator, beside its code and beside its prior sample.</summary>
    internal override (Tensor Components, Tensor? Condition) ComponentsAndCondition(Tensor labels, Generator generator)
    {
        if (LabelClasses == 0) return base.ComponentsAndCondition(labels, generator);
        var components = randint(Prior.ComponentCount, [labels.shape[0]], dtype: ScalarType.Int64, generator: generator);
        return (components, one_hot(labels, LabelClasses).to_type(ScalarType.Float32));
    }

    /// <summary>With a style per class, codes are scored beside their classes (0, 1, 2, ... in turn when none are given).</summary>
    protected override Tensor? ScoringCondition(long count, Tensor? classes) => LabelClasses == 0 ? null
        : one_hot(classes ?? arange(count, dtype: ScalarType.Int64) % LabelClasses, LabelClasses).to_type(ScalarType.Float32);

    Tensor WithClass(Tensor codes, Tensor classes) =>
        cat([codes, one_hot(classes, classCount).to_type(codes.dtype)], 1);

    static int CheckedClasses(int classCount) => classCount >= 2 ? classCount
        : throw new AaeException($"the supervised AAE needs labelled data with at least 2 classes (this dataset has {classCount})");
}
