using Aae.Networks;
using static TorchSharp.torch;

namespace Aae.Export;

/// <summary>
/// The names PyTorch gives a family's tensors: each network as the nn.Sequential of
/// bench/reference_aae.py (mnist_models, faces_models) names them, under the network's own name
/// (encoder.0.weight, decoder.4.bias, discriminator.2.weight, encoder.1.running_mean, ...). A
/// PyTorch user builds enc, dec and disc from that file and calls
/// enc.load_state_dict({k[8:]: v for k, v in weights.items() if k.startswith("encoder.")}).
/// </summary>
public static class TorchNames
{
    /// <summary>
    /// Every tensor of <paramref name="networks"/> (a family's Networks) as (Aae's state_dict key,
    /// PyTorch's key), in the order PyTorch's state_dict() lists them: network by network, layer by layer.
    /// </summary>
    public static IReadOnlyList<(string Aae, string Torch)> Of(nn.Module networks)
    {
        var names = new List<(string, string)>();
        foreach (var (networkName, network) in networks.named_children())
        {
            var layers = LayerIndices(network);
            var tensors = new List<(int Layer, string Aae, string Torch)>();
            foreach (var key in network.state_dict().Keys)
            {
                int dot = key.LastIndexOf('.');
                if (dot < 0 || !layers.TryGetValue(key[..dot], out int index))
                    throw new InvalidOperationException($"{network.GetType().Name} has a tensor '{key}' with no PyTorch name");
                tensors.Add((index, $"{networkName}.{key}", $"{networkName}.{index}.{key[(dot + 1)..]}"));
            }
            // TorchSharp lists all parameters before all buffers; within a layer its order (weight,
            // bias, running_mean, running_var, num_batches_tracked) is PyTorch's, and OrderBy keeps it.
            names.AddRange(tensors.OrderBy(t => t.Layer).Select(t => (t.Aae, t.Torch)));
        }
        return names;
    }

    /// <summary>
    /// Each layer's position in the PyTorch nn.Sequential: the network's parts (a Sequential or one
    /// layer) laid end to end from the index given, activations included, since PyTorch counts
    /// them too. The reshapes Aae does in forward() are layers there (Flatten, Unflatten), hence the gaps.
    /// </summary>
    static Dictionary<string, int> LayerIndices(nn.Module network)
    {
        (string Part, int FirstIndex)[] parts = network switch
        {
            // Linear, activation, Linear, ... (the decoder's sigmoid, applied in forward(), comes last).
            MlpEncoder or MlpDecoder or MlpDiscriminator => [("layers", 0)],
            // conv, norm, LeakyReLU three times (0-8), Flatten (9), Linear (10).
            ConvEncoder64 => [("features", 0), ("toCode", 10)],
            // Linear, ReLU (0-1), Unflatten (2), then deconv, norm, ReLU twice and deconv, Sigmoid (3-10).
            ConvDecoder64 => [("fromCode", 0), ("features", 3)],
            // The cluster heads of --head-distance have no nn.Sequential in bench/reference_aae.py.
            _ => throw new AaeException($"PyTorch export covers the MLP and conv64 networks; this model's {network.GetType().Name} has no PyTorch layout"),
        };
        var children = network.named_children().ToDictionary(c => c.name, c => c.module);
        var indices = new Dictionary<string, int>();
        foreach (var (part, first) in parts)
        {
            var module = children[part];
            if (module is TorchSharp.Modules.Sequential sequential)
            {
                int position = first;
                foreach (var (name, _) in sequential.named_children()) indices[$"{part}.{name}"] = position++;
            }
            else indices[part] = first;
        }
        return indices;
    }
}
