namespace Aae.Config;

/// <summary>
/// The flat "config" section of runs written before settings had sections (Aae up to 2026-11-28).
/// Those runs were all AAEs; they are read into a <see cref="RunConfig"/> so they still evaluate,
/// plot, sample and resume.
/// </summary>
sealed record LegacyConfig
{
    public string Preset { get; init; } = "mnist-gaussian";
    public string Dataset { get; init; } = "mnist";
    public string ImageSelection { get; init; } = "one";
    public int ImageSize { get; init; } = 64;
    public double HeldOutFraction { get; init; } = 0.1;
    public string Architecture { get; init; } = "mlp";
    public int Features { get; init; } = 32;
    public string Prior { get; init; } = "gaussian";
    public int LatentSize { get; init; } = 2;
    public int[] EncoderHidden { get; init; } = [256, 64];
    public int[] DecoderHidden { get; init; } = [64, 256];
    public int[] DiscriminatorHidden { get; init; } = [128, 128];
    public double Lambda { get; init; } = 0.1;
    public double EncoderLearningRate { get; init; } = 1e-3;
    public double DecoderLearningRate { get; init; } = 1e-3;
    public double DiscriminatorLearningRate { get; init; } = 1e-3;
    public double GradientPenalty { get; init; }
    public bool AdaptiveLambda { get; init; }
    public int BatchSize { get; init; } = 128;
    public int Epochs { get; init; } = 45;
    public bool UseLabels { get; init; }
    public double LabelledFraction { get; init; } = 0.2;
    public double GaussianSd { get; init; } = 1.0;
    public int MixtureComponents { get; init; } = 10;
    public double MixtureRadius { get; init; } = 2.0;
    public double MixtureLongAxis { get; init; } = 0.75;
    public double MixtureShortAxis { get; init; } = 0.25;
    public double SwissRollNoise { get; init; } = 0.05;
    public long Seed { get; init; }
    public int Threads { get; init; } = 2;
    public int? Limit { get; init; }

    public RunConfig ToRunConfig()
    {
        var config = new RunConfig
        {
            Preset = Preset,
            Data = new() { Dataset = Dataset, ImageSelection = ImageSelection, ImageSize = ImageSize, HeldOutFraction = HeldOutFraction, Limit = Limit },
            Networks = new()
            {
                Architecture = Architecture, Features = Features,
                EncoderHidden = EncoderHidden, DecoderHidden = DecoderHidden, DiscriminatorHidden = DiscriminatorHidden,
            },
            Prior = new()
            {
                Kind = Prior, LatentSize = LatentSize, GaussianSd = GaussianSd, MixtureComponents = MixtureComponents,
                MixtureRadius = MixtureRadius, MixtureLongAxis = MixtureLongAxis, MixtureShortAxis = MixtureShortAxis, SwissRollNoise = SwissRollNoise,
            },
            Training = new()
            {
                Epochs = Epochs, BatchSize = BatchSize, EncoderLearningRate = EncoderLearningRate, DecoderLearningRate = DecoderLearningRate,
                DiscriminatorLearningRate = DiscriminatorLearningRate, Seed = Seed, Threads = Threads,
            },
        };
        // A new RunConfig's family is the AAE; its options are set through its own settings, so this
        // file names no family type.
        foreach (var (name, value) in new (string, object)[]
            { ("--lambda", Lambda), ("--adaptive-lambda", AdaptiveLambda), ("--gradient-penalty", GradientPenalty), ("--labels", UseLabels), ("--labelled", LabelledFraction) })
            config = Settings.Find(name, "aae").Apply(config, value);
        return config;
    }
}
