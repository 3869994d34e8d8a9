using Aae.Families;

namespace Aae.Config;

/// <summary>
/// Every setting of a run, in sections, with the study's values as defaults. Saved as config.json
/// so a run can be repeated (<c>aae run --config</c>), reloaded and resumed from its folder alone.
/// </summary>
public sealed record RunConfig
{
    public string Preset { get; init; } = "mnist-gaussian";
    public DataSettings Data { get; init; } = new();
    public NetworkSettings Networks { get; init; } = new();
    public PriorSettings Prior { get; init; } = new();
    /// <summary>The model family's name and its own options (see Families/).</summary>
    public FamilyOptions Family { get; init; } = ModelFamilies.DefaultOptions();
    public TrainingSettings Training { get; init; } = new();

    /// <summary>Checks values a user can get wrong; throws with a message naming the setting.</summary>
    public void Validate()
    {
        Data.Validate();
        Prior.Validate();
        long pixels = Aae.Data.MnistLike.Names.Contains(Data.Dataset) ? 28 * 28 : 3L * Data.ImageSize * Data.ImageSize;
        Networks.Validate(pixels, Prior.LatentSize);
        Family.Validate(this);
        Training.Validate();
        Check.That(Networks.Architecture != "conv64" || Data.ImageSize == 64, "the conv64 networks take 64x64 images: use --image-size 64");
    }
}
