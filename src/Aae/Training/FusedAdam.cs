using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Aae.Training;

/// <summary>
/// Adam (as torch.optim.Adam: bias-corrected moments, eps added after the square root, no weight
/// decay, no amsgrad) that updates all its parameters with a handful of ops instead of ~8 per
/// parameter. Each parameter is a view into one flat buffer, beside flat buffers of the two
/// moments, so the update runs over them: in one pass per parameter (<see cref="AdamKernel"/>)
/// when they are float32 in CPU memory, else by libtorch ops over the flat buffers.
/// </summary>
/// <remarks>
/// Clear gradients with <see cref="zero_grad"/> (or Module.zero_grad(): both set them to none).
/// There is one step count for all parameters; a parameter without a gradient at a step is
/// updated as if its gradient were zeros, as its moments still move it.
/// </remarks>
public sealed class FusedAdam : IDisposable
{
    readonly Parameter[] parameters;
    readonly Tensor values, average, averageOfSquares;
    readonly double initialLearningRate, beta1, beta2, eps;
    // Float32 buffers in CPU memory are updated by AdamKernel in one pass; others by libtorch ops.
    readonly bool inOnePass;
    // False for an optimiser made by SameParameters: the parameter buffer is another's.
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
        average = zeros(total, first.dtype, first.device);
        averageOfSquares = zeros(total, first.dtype, first.device);
        inOnePass = AdamKernel.Supports(values, average, averageOfSquares);
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
            offset += parameter.numel();
        }
    }

    /// <summary>
    /// A second Adam over the same parameters with moments of its own: for a network that several
    /// training phases update at their own rates (the categorical AAE's encoder). Both share the
    /// parameters and their gradients, so each phase clears the gradients before its backward.
    /// </summary>
    public FusedAdam SameParameters(double learningRate) => new(this, learningRate);

    FusedAdam(FusedAdam other, double learningRate)
    {
        parameters = other.parameters;
        values = other.values;
        average = zeros_like(values);
        averageOfSquares = zeros_like(values);
        (beta1, beta2, eps) = (other.beta1, other.beta2, other.eps);
        LearningRate = initialLearningRate = learningRate;
        inOnePass = AdamKernel.Supports(values, average, averageOfSquares);
        ownsBuffers = false;
    }

    public double LearningRate { get; set; }

    /// <summary>The rate it was made with; a schedule sets <see cref="LearningRate"/> as a multiple of it.</summary>
    public double InitialLearningRate => initialLearningRate;

    public IReadOnlyList<Parameter> Parameters => parameters;

    /// <summary>
    /// Clears the gradients (sets them to none, as PyTorch's zero_grad(set_to_none=True)): the next
    /// backward then hands each parameter its gradient instead of adding it to zeros, which saved
    /// the zeroing and an add over every gradient (about 37 MB a categorical step).
    /// </summary>
    public void zero_grad()
    {
        foreach (var parameter in parameters) parameter.grad = null;
    }

    /// <summary>One Adam update of every parameter from its gradient (none counts as zeros).</summary>
    public void step()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        steps++;
        double biasCorrection1 = 1 - Math.Pow(beta1, steps);
        double biasCorrection2 = 1 - Math.Pow(beta2, steps);
        var gradients = parameters.Select(p => p.grad?.contiguous() ?? zeros_like(p)).ToArray();
        if (inOnePass && AdamKernel.Supports(gradients))
        {
            // Elementwise, so a pass per parameter updates exactly as one over the flat buffers.
            ForEachParameter((i, valueView, averageView, squaresView) => AdamKernel.Update(valueView, gradients[i], averageView, squaresView,
                beta1, beta2, (float)(LearningRate / biasCorrection1), (float)Math.Sqrt(biasCorrection2), (float)eps));
            return;
        }
        // The same ops, in the same order, as TorchSharp's and PyTorch's per-parameter Adam.
        var flat = cat(gradients.Select(g => g.view(-1)).ToArray());
        average.mul_(beta1).add_(flat, alpha: 1 - beta1);
        averageOfSquares.mul_(beta2).addcmul_(flat, flat, value: 1 - beta2);
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
    void ForEachState(Action<Tensor, Tensor> action) =>
        ForEachParameter((_, _, averageView, squaresView) => action(averageView, squaresView));

    /// <summary>Calls <paramref name="action"/> with each parameter's index and its slices of the value and moment buffers.</summary>
    void ForEachParameter(Action<int, Tensor, Tensor, Tensor> action)
    {
        long offset = 0;
        for (int i = 0; i < parameters.Length; i++)
        {
            using var valueView = Slice(values, offset, parameters[i]);
            using var averageView = Slice(average, offset, parameters[i]);
            using var squaresView = Slice(averageOfSquares, offset, parameters[i]);
            action(i, valueView, averageView, squaresView);
            offset += parameters[i].numel();
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
        values.Dispose();
    }
}
