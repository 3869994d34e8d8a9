using static TorchSharp.torch;

namespace Aae.Export;

/// <summary>A family's weights under their PyTorch names (see <see cref="TorchNames"/>), out of its networks and back in.</summary>
public static class TorchStateDict
{
    /// <summary>The networks' tensors (their own, not copies) under PyTorch's names, in the order PyTorch lists them.</summary>
    public static List<(string Name, Tensor Value)> Of(nn.Module networks)
    {
        var tensors = networks.state_dict();
        return [.. TorchNames.Of(networks).Select(n => (n.Torch, tensors[n.Aae]))];
    }

    /// <summary>
    /// Copies <paramref name="tensors"/> (PyTorch names) into <paramref name="networks"/>. Every tensor
    /// the networks have must be there with its shape, and nothing else: the first one that differs
    /// is a one-line error naming <paramref name="source"/>, the tensor and what <paramref name="model"/>
    /// (e.g. "mnist-gaussian") expects.
    /// </summary>
    public static void LoadInto(nn.Module networks, IReadOnlyList<(string Name, Tensor Value)> tensors, string source, string model)
    {
        var names = TorchNames.Of(networks);
        var expected = networks.state_dict();
        var given = new Dictionary<string, Tensor>();
        foreach (var (name, value) in tensors)
            if (!given.TryAdd(name, value)) throw new AaeException($"{source}: holds {name} twice");
        var networkNames = networks.named_children().Select(c => c.name).ToList();
        if (!given.Keys.Any(name => networkNames.Any(network => name.StartsWith(network + ".", StringComparison.Ordinal))))
            throw new AaeException($"{source}: none of its tensors is named {string.Join(".*, ", networkNames)}.* (it has {Listed(given.Keys)}): " +
                "save one dict {\"encoder\": enc.state_dict(), ...} or prefix each network's names");

        var converted = new Dictionary<string, Tensor>();
        using var scope = NewDisposeScope();
        foreach (var (aaeName, torchName) in names)
        {
            var target = expected[aaeName];
            var network = torchName[..torchName.IndexOf('.')];
            if (!given.TryGetValue(torchName, out var value))
                throw new AaeException($"{source}: has no {torchName} (the {model} {network} expects one of shape {Shape(target)})");
            // PyTorch's 0-d counters (batch norm's num_batches_tracked) may come back as one-element vectors.
            bool sameShape = value.shape.SequenceEqual(target.shape) || (target.dim() == 0 && value.numel() == 1);
            if (!sameShape)
                throw new AaeException($"{source}: {torchName} has shape {Shape(value)}, the {model} {network} expects {Shape(target)}");
            if (target.is_floating_point() && !value.is_floating_point())
                throw new AaeException($"{source}: {torchName} holds {value.dtype} values, the {model} {network} expects floating-point ones");
            converted[aaeName] = value.reshape(target.shape).to_type(target.dtype);
        }
        var extra = given.Keys.Except(names.Select(n => n.Torch)).FirstOrDefault();
        if (extra is not null)
            throw new AaeException($"{source}: {extra} is not a tensor of the {model} model (its networks: {string.Join(", ", networkNames)})");
        networks.load_state_dict(converted, strict: true);
    }

    static string Shape(Tensor tensor) => $"[{string.Join(", ", tensor.shape)}]";

    static string Listed(IEnumerable<string> names)
    {
        var list = names.Take(4).ToList();
        return string.Join(", ", list) + (names.Count() > list.Count ? ", ..." : "");
    }
}
