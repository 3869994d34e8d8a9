using Aae.Data;
using Aae.Training;
using static TorchSharp.torch;

namespace Aae.Families;

/// <summary>What a family draws its own figures from (<see cref="ModelFamily.AddFigures"/>); <see cref="Add"/> gives a figure's path and records it.</summary>
public sealed record FamilyFigures(Func<string, string> Add, ImageDataset Train, ImageDataset Test, Tensor TestCodes,
    IReadOnlyList<EpochRecord> History, Generator Generator);
