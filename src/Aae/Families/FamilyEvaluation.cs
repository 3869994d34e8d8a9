using Aae.Data;

namespace Aae.Families;

/// <summary>What a family's own metrics are computed on (<see cref="ModelFamily.AddMetrics"/>).</summary>
public sealed record FamilyEvaluation(ImageDataset Train, ImageDataset? Validation, ImageDataset Test);
