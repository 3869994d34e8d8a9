using Aae.Data;
using Aae.Runs;

namespace Aae.Families;

/// <summary>
/// What a run hands its family once the data is loaded (<see cref="ModelFamily.SetUp"/>): the
/// training images (never their labels, unless the family reads batch labels), the validation and
/// test images, the run folder (for records such as labelled.json; null for a model trained outside one, as the
/// benchmark's) and the seed.
/// </summary>
public sealed record FamilySetUp(RunFolder? Run, ImageDataset Train, ImageDataset? Validation, ImageDataset Test, long Seed);
