using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Aae.Networks;

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
            layers.Add(($"linear{i}", Linear(width, hidden[i])));
            layers.Add(($"act{i}", activation()));
            width = hidden[i];
        }
        layers.Add(($"linear{hidden.Count}", Linear(width, output)));
        return Sequential(layers);
    }
}
