using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Aae.Training;

/// <summary>
/// Adam (as torch.optim.Adam: bias-corrected moments, eps added after the square root, no weight
/// decay, no amsgrad) that updates all its parameters with a handful of ops instead of ~8 per
/// parameter. Each parameter, and its gradient, is a view into one flat buffer, so the update
/// runs over flat buffers: in one pass (<see cref="AdamKernel"/>) when they are float32 in CPU memory.
/// </summary>
/// <remarks>
/// Clear gradients with <see cref="zero_grad"/>: it zeroes the flat gradient buffer, which backward
/// then adds into. Module.zero_grad() would drop the views (set_to_none), so this zero_grad also
/// re-attaches them. Every parameter must get a gradient on every step (true of the AAE's networks):
/// there is one step count for all of them.
/// </remarks>
public sealed class FusedAdam : IDisposable
{
    readonly Parameter[] parameters;
    readonly Tensor[] gradientViews;
    readonly Tensor values, gradients, average, averageOfSquares;
    readonly double initialLearningRate, beta1, beta2, eps;
    // Float32 buffers in CPU memory are updated by AdamKernel in one pass; others by libtorch ops.
    readonly bool inOnePass;
    // False for an optimiser made by SameParameters: the parameter and gradient buffers are another's.
    readonly bool ownsBuffers = true;
    long steps;

    public FusedAdam(IEnumerable<Parameter> parameters, double learningRate = 1e-3,
        double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        this.parameters = parameters.ToArray();
        if (this.parameters.Length == 0) throw new ArgumentException("FusedAdam needs at least one parameter");
        var first = this.parameters[0];
        if (this.parameters.Any(p => p.dtype != first.dtype || p.device.ToString() != first.device.ToString()))
            throw new ArgumentException("FusedAdam's parameters must share one dtype and device");
        LearningRate = initialLearningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;

        long total = this.parameters.Sum(p => p.numel());
        values = empty(total, first.dtype, first.device);
        gradients = zeros(total, first.dtype, first.device);
        average = zeros(total, first.dtype, first.device);
        averageOfSquares = zeros(total, first.dtype, first.device);
        inOnePass = AdamKernel.Supports(values, gradients, average, averageOfSquares);
        gradientViews = new Tensor[this.parameters.Length];
        using var noGrad = no_grad();
        long offset = 0;
        for (int i = 0; i < this.parameters.Length; i++)
        {
            var parameter = this.parameters[i];
            // set_ keeps the Parameter object (the module's field, the checkpoint's entry) and moves
            // its storage into the flat buffer.
            using (var slot = Slice(values, offset, parameter))
            {
                slot.copy_(parameter);
                parameter.set_(slot);  // returns the parameter itself: not to be disposed
            }
            gradientViews[i] = Slice(gradients, offset, parameter);
            parameter.grad = gradientViews[i];
            offset += parameter.numel();
        }
    }

    /// <summary>
    /// A second Adam over the same parameters with moments of its own: for a network that several
    /// training phases update at their own rates (the categorical AAE's encoder). Both share the
    /// parameter and gradient buffers, so each phase zeroes the gradients before its backward.
    /// </summary>
    public FusedAdam SameParameters(double learningRate) => new(this, learningRate);

    FusedAdam(FusedAdam other, double learningRate)
    {
        parameters = other.parameters;
        gradientViews = other.gradientViews;
        values = other.values;
        gradients = other.gradients;
        average = zeros_like(values);
        averageOfSquares = zeros_like(values);
        (beta1, beta2, eps) = (other.beta1, other.beta2, other.eps);
        LearningRate = initialLearningRate = learningRate;
        inOnePass = AdamKernel.Supports(values, gradients, average, averageOfSquares);
        ownsBuffers = false;
    }

    public double LearningRate { get; set; }

    /// <summary>The rate it was made with; a schedule sets <see cref="LearningRate"/> as a multiple of it.</summary>
    public double InitialLearningRate => initialLearningRate;

    public IReadOnlyList<Parameter> Parameters => parameters;

    /// <summary>Zeroes all gradients with one op, keeping them views into the flat gradient buffer.</summary>
    public void zero_grad()
    {
        gradients.zero_();
        // Cheap calls (no kernel): undo a Module.zero_grad() that dropped or replaced a gradient.
        for (int i = 0; i < parameters.Length; i++) parameters[i].grad = gradientViews[i];
    }

    /// <summary>One Adam update of every parameter from the gradients in the flat buffer.</summary>
    public void step()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        steps++;
        double biasCorrection1 = 1 - Math.Pow(beta1, steps);
        double biasCorrection2 = 1 - Math.Pow(beta2, steps);
        if (inOnePass)
        {
            AdamKernel.Update(values, gradients, average, averageOfSquares, beta1, beta2,
                (float)(LearningRate / biasCorrection1), (float)Math.Sqrt(biasCorrection2), (float)eps);
            return;
        }
        // The same ops, in the same order, as TorchSharp's and PyTorch's per-parameter Adam.
        average.mul_(beta1).add_(gradients, alpha: 1 - beta1);
        averageOfSquares.mul_(beta2).addcmul_(gradients, gradients, value: 1 - beta2);
        var denominator = (averageOfSquares.sqrt() / Math.Sqrt(biasCorrection2)).add_(eps);
        values.addcdiv_(average, denominator, value: -LearningRate / biasCorrection1);
    }

    // Saved in the layout of TorchSharp's Adam.save_state_dict (one parameter group), so checkpoints
    // written before this optimiser existed still load, and the reverse.
    const string TorchSharpName = "Adam";

    public void save_state_dict(BinaryWriter writer)
    {
        writer.Write(TorchSharpName);
        writer.Write7BitEncodedInt(1);  // parameter groups
        writer.Write7BitEncodedInt(parameters.Length);
        writer.Write(initialLearningRate);
        writer.Write(LearningRate);
        writer.Write(beta1);
        writer.Write(beta2);
        writer.Write(eps);
        writer.Write(0.0);  // weight decay
        writer.Write(false);  // amsgrad
        writer.Write(false);  // maximize
        ForEachState((averageView, squaresView) =>
        {
            writer.Write(steps);
            averageView.Save(writer);
            squaresView.Save(writer);
            writer.Write(false);  // no amsgrad maximum
        });
    }

    public void load_state_dict(BinaryReader reader)
    {
        string name = reader.ReadString();
        if (name != TorchSharpName) throw new InvalidDataException($"optimiser state of a {name}, not of Adam");
        if (reader.Read7BitEncodedInt() != 1 || reader.Read7BitEncodedInt() != parameters.Length)
            throw new InvalidDataException("optimiser state for different parameters");
        reader.ReadDouble();  // initial learning rate
        double learningRate = reader.ReadDouble();
        if ((reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadBoolean(), reader.ReadBoolean())
            != (beta1, beta2, eps, 0.0, false, false))
            throw new InvalidDataException("optimiser state with different Adam settings");
        var stepCounts = new List<long>();
        ForEachState((averageView, squaresView) =>
        {
            stepCounts.Add(reader.ReadInt64());
            averageView.Load(reader);
            squaresView.Load(reader);
            if (reader.ReadBoolean()) throw new InvalidDataException("optimiser state with an amsgrad maximum");
        });
        if (stepCounts.Distinct().Count() != 1) throw new InvalidDataException("optimiser state with per-parameter step counts");
        steps = stepCounts[0];
        LearningRate = learningRate;
    }

    /// <summary>Calls <paramref name="action"/> with each parameter's slice of the two moment buffers.</summary>
    void ForEachState(Action<Tensor, Tensor> action)
    {
        long offset = 0;
        foreach (var parameter in parameters)
        {
            using var averageView = Slice(average, offset, parameter);
            using var squaresView = Slice(averageOfSquares, offset, parameter);
            action(averageView, squaresView);
            offset += parameter.numel();
        }
    }

    /// <summary>The part of <paramref name="flat"/> from <paramref name="offset"/> that stands for <paramref name="parameter"/>, in its shape.</summary>
    static Tensor Slice(Tensor flat, long offset, Parameter parameter)
    {
        using var part = flat.narrow(0, offset, parameter.numel());
        return part.view(parameter.shape);
    }

    public void Dispose()
    {
        average.Dispose();
        averageOfSquares.Dispose();
        if (!ownsBuffers) return;
        foreach (var view in gradientViews) view.Dispose();
        values.Dispose();
        gradients.Dispose();
    }
}
