using static TorchSharp.torch;

namespace Aae.Training;

/// <summary>
/// What one training step reports: each value with its name (history.csv's column) and its short
/// label (the progress display's), added together so they cannot drift apart. The values stay in
/// libtorch until <see cref="Read"/>, which reads them all back in one call.
/// </summary>
public sealed class StepLosses
{
    readonly List<string> names = [], labels = [];
    readonly List<Tensor> parts = [];

    public IReadOnlyList<string> Names => names;
    public IReadOnlyList<string> Labels => labels;

    /// <summary>Adds a scalar loss.</summary>
    public StepLosses Add(string name, string label, Tensor value) => Add([name], [label], value);

    /// <summary>Adds several values held in one tensor (one per name, in order), as a step often computes them together.</summary>
    public StepLosses Add(string[] names, string[] labels, Tensor values)
    {
        if (names.Length != labels.Length || values.numel() != names.Length)
            throw new ArgumentException($"{names.Length} names, {labels.Length} labels and {values.numel()} values");
        this.names.AddRange(names);
        this.labels.AddRange(labels);
        parts.Add(values.detach().flatten());
        return this;
    }

    /// <summary>Adds <paramref name="value"/> when it is not null (an optional term of the step).</summary>
    public StepLosses AddIfAny(string name, string label, Tensor? value) => value is null ? this : Add(name, label, value);

    /// <summary>Every value as float32, in the order added: one read-back from libtorch.</summary>
    public float[] Read()
    {
        using var all = cat(parts, 0).to_type(ScalarType.Float32);
        return all.data<float>().ToArray();
    }
}
