using static TorchSharp.torch;

namespace Aae.Priors;

/// <summary>
/// A distribution the encoder's codes are pushed towards. It knows how to sample and which of
/// its components a point most likely came from; the trainer does not know which prior it has.
/// </summary>
public interface IPrior
{
    /// <summary>Size of a sample (the latent size).</summary>
    int Dimensions { get; }

    /// <summary>How many components (modes) the prior has; 1 for a unimodal prior.</summary>
    int ComponentCount { get; }

    /// <summary>Draws one sample per entry of <paramref name="components"/> (int64 [n]) from that component.</summary>
    Tensor Sample(Tensor components, Generator generator);

    /// <summary>The most likely component of each row of <paramref name="z"/> ([n, Dimensions]), as int64 [n].</summary>
    Tensor ComponentOf(Tensor z);

    /// <summary>The log density log p(z) of each row of <paramref name="z"/> ([n, Dimensions]), float32 [n] (a VAE's Monte-Carlo KL needs it).</summary>
    Tensor LogDensity(Tensor z);

    /// <summary>Points walking through one component (for "style" figures), [steps, Dimensions]; null for a unimodal prior.</summary>
    Tensor? ComponentPath(int component, int steps);
}

public static class PriorExtensions
{
    /// <summary>Draws <paramref name="count"/> samples, each from a component chosen uniformly at random.</summary>
    public static Tensor SampleAnyComponent(this IPrior prior, long count, Generator generator)
    {
        using var components = randint(prior.ComponentCount, [count], dtype: ScalarType.Int64, generator: generator);
        return prior.Sample(components, generator);
    }
}
