using Aae.Config;

namespace Aae.Families.IdentityAae;

/// <summary>The identity model on every LFW image, held out by person and by image (docs/faces.md).</summary>
static class IdentityPresets
{
    public static readonly IReadOnlyList<Presets.Preset> All =
    [
        new("lfw-identity", "LFW faces, every image: a 64-d identity code learnt from people's several images, a style code, 64x64 RGB",
            new RunConfig
            {
                Preset = "lfw-identity",
                // Held out: whole people (verification of the unseen) and one image each of other
                // people (retrieval of the known); the face's centre, as lfw-faces-all.
                Data = new() { Dataset = "lfw", ImageSelection = "all", HeldOutBy = "class-and-image", Crop = Aae.AaePresets.LfwCrop },
                Networks = new() { Architecture = "conv64", Features = Aae.AaePresets.LfwFeatures, DiscriminatorHidden = [400, 200] },
                Prior = new() { LatentSize = 192 },
                Family = new IdentityAaeOptions { IdentitySize = 64, AdaptiveLambda = true, Lambda = 1.0, GradientPenalty = 10 },
                Training = new() { BatchSize = 32, Epochs = 20, EncoderLearningRate = 1e-4 },
            }),
    ];
}
