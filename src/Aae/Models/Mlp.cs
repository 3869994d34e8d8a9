using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Aae.Models;

/// <summary>Builds the Linear-activation stacks the MLP encoder, decoder and discriminator share.</summary>
static class Mlp
{
    /// <summary>Linear layers through <paramref name="hidden"/> sizes, each followed by a fresh activation; no activation after the last.</summary>
    public static TorchSharp.Modules.Sequential Build(int input, IReadOnlyList<int> hidden, int output, Func<Module<Tensor, Tensor>> activation)
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        int width = input;
        for (int i = 0; i < hidden.Count; i++)
        {
            layers.Add(($"linear{i}", XavierLinear(width, hidden[i])));
            layers.Add(($"act{i}", activation()));
            width = hidden[i];
        }
        layers.Add(($"linear{hidden.Count}", XavierLinear(width, output)));
        return Sequential(layers);
    }

    /// <summary>The study initialised every linear layer with Xavier-uniform weights and zero biases.</summary>
    static Module<Tensor, Tensor> XavierLinear(int input, int output)
    {
        var layer = Linear(input, output);
        init.xavier_uniform_(layer.weight);
        init.zeros_(layer.bias);
        return layer;
    }
}
