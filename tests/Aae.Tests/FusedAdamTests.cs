using TorchSharp;
using Aae.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Aae.Tests;

/// <summary>The fused Adam takes the same steps as TorchSharp's Adam and saves and loads in its layout.</summary>
[Trait("Category", "Unit")]
public sealed class FusedAdamTests
{
    const double LearningRate = 1e-2;

    /// <summary>A small MLP with a BatchNorm, whose running statistics are buffers, not parameters.</summary>
    /// <remarks>
    /// The linear layer before the BatchNorm has no bias: the BatchNorm would cancel it, its gradient
    /// would be rounding noise, and Adam, which scales every gradient to about the learning rate,
    /// would turn a last-bit difference between two implementations into a step of ±lr.
    /// </remarks>
    static Sequential SmallModel() =>
        Sequential(("linear0", Linear(5, 7, hasBias: false)), ("norm", BatchNorm1d(7)), ("act", ReLU()), ("linear1", Linear(7, 3)));

    // The update is done in one pass, not by libtorch's ops: the same arithmetic, which can round
    // differently in the last bit (measured: up to 3e-8). A wrong update differs by about the
    // learning rate (a step 1% too large: by 3e-4).
    const double Rounding = 1e-6;

    /// <summary>A second model with the same weights (copied: the global seed is shared with parallel tests).</summary>
    static Sequential Twin(Sequential model, Func<Sequential>? build = null)
    {
        var twin = (build ?? SmallModel)();
        using var noGrad = no_grad();
        foreach (var (from, to) in model.state_dict().Values.Zip(twin.state_dict().Values)) to.copy_(from);
        return twin;
    }

    /// <summary>Mean-squared-error steps on random batches of 16 (inputs and outputs: the model's sizes).</summary>
    static void Train(Sequential model, Action zeroGrad, Action step, Generator data, int steps,
        ScalarType type = ScalarType.Float32, int inputs = 5, int outputs = 3)
    {
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            var input = randn([16, inputs], generator: data).to_type(type);
            var target = randn([16, outputs], generator: data).to_type(type);
            zeroGrad();
            mse_loss(model.forward(input), target).backward();
            step();
        }
    }

    static void AssertSameParameters(Sequential expected, Sequential actual, double tolerance)
    {
        foreach (var ((name, e), (_, a)) in expected.named_parameters().Zip(actual.named_parameters()))
        {
            double difference = (e - a).abs().max().to_type(ScalarType.Float64).item<double>();
            Assert.True(difference <= tolerance, $"{name} differs by {difference}");
        }
    }

    [Fact]
    public void TakesTheSameStepsAsTorchSharpsAdam()
    {
        using var expected = SmallModel();
        using var actual = Twin(expected);
        using var reference = optim.Adam(expected.parameters(), LearningRate, beta2: 0.999);
        using var fused = new FusedAdam(actual.parameters(), LearningRate);

        // The reference drops its gradients (set_to_none) each step, as the trainer once did.
        Train(expected, () => expected.zero_grad(), () => reference.step(), new Generator(2), 5);
        Train(actual, fused.zero_grad, fused.step, new Generator(2), 5);

        // Passes only if the parameters really are views into the flat buffer the optimiser updates.
        AssertSameParameters(expected, actual, Rounding);
    }

    [Fact]
    public void OnePassUpdateOfAWideLayerTakesTheSameStepsAsTorchSharpsAdam()
    {
        // 121,102 parameters: many vectors' worth, and not a whole number of them (a scalar tail).
        static Sequential Wide() => Sequential(("wide", Linear(301, 401)));
        using var expected = Wide();
        using var actual = Twin(expected, Wide);
        using var reference = optim.Adam(expected.parameters(), LearningRate, beta2: 0.999);
        using var fused = new FusedAdam(actual.parameters(), LearningRate);

        Train(expected, () => expected.zero_grad(), () => reference.step(), new Generator(5), 4, inputs: 301, outputs: 401);
        Train(actual, fused.zero_grad, fused.step, new Generator(5), 4, inputs: 301, outputs: 401);

        AssertSameParameters(expected, actual, Rounding);
    }

    [Fact]
    public void DoublePrecisionParametersTakeTheLibtorchPathAndTheSameSteps()
    {
        using var expected = SmallModel();
        expected.to(ScalarType.Float64);
        using var actual = Twin(expected);
        actual.to(ScalarType.Float64);
        using var reference = optim.Adam(expected.parameters(), LearningRate, beta2: 0.999);
        using var fused = new FusedAdam(actual.parameters(), LearningRate);

        Train(expected, () => expected.zero_grad(), () => reference.step(), new Generator(4), 5, ScalarType.Float64);
        Train(actual, fused.zero_grad, fused.step, new Generator(4), 5, ScalarType.Float64);

        AssertSameParameters(expected, actual, 1e-12);
    }

    [Fact]
    public void ClearingTheGradientsThroughTheModuleTooTakesTheSameSteps()
    {
        using var expected = SmallModel();
        using var actual = Twin(expected);
        using var reference = optim.Adam(expected.parameters(), LearningRate, beta2: 0.999);
        using var fused = new FusedAdam(actual.parameters(), LearningRate);

        Train(expected, () => expected.zero_grad(), () => reference.step(), new Generator(3), 3);
        Train(actual, () => { actual.zero_grad(); fused.zero_grad(); }, fused.step, new Generator(3), 3);

        AssertSameParameters(expected, actual, Rounding);
    }

    [Fact]
    public void ResumesFromItsOwnStateAndFromTorchSharpsAdamState()
    {
        // An uninterrupted run of 6 steps...
        using var uninterrupted = SmallModel();
        using var first = Twin(uninterrupted);
        using var uninterruptedAdam = new FusedAdam(uninterrupted.parameters(), LearningRate);
        var data = new Generator(4);
        Train(uninterrupted, uninterruptedAdam.zero_grad, uninterruptedAdam.step, data, 6);

        // ...against 3 steps of TorchSharp's Adam, then 3 of a fused Adam restored from its state.
        using var firstAdam = optim.Adam(first.parameters(), LearningRate, beta2: 0.999);
        data = new Generator(4);
        Train(first, () => first.zero_grad(), () => firstAdam.step(), data, 3);
        var torchSharpState = Save(writer => first.save(writer), firstAdam.save_state_dict);

        using var second = SmallModel();
        using var secondAdam = new FusedAdam(second.parameters(), LearningRate);
        Load(torchSharpState, reader => second.load(reader), secondAdam.load_state_dict);
        Train(second, secondAdam.zero_grad, secondAdam.step, data, 3);
        AssertSameParameters(uninterrupted, second, Rounding);

        // A fused Adam's own state restores exactly, and TorchSharp's Adam can read it.
        var fusedState = Save(writer => second.save(writer), secondAdam.save_state_dict);
        using var third = SmallModel();
        using var thirdAdam = new FusedAdam(third.parameters(), LearningRate);
        Load(fusedState, reader => third.load(reader), thirdAdam.load_state_dict);
        using var fourth = SmallModel();
        using var fourthAdam = optim.Adam(fourth.parameters(), LearningRate, beta2: 0.999);
        Load(fusedState, reader => fourth.load(reader), fourthAdam.load_state_dict);
        Train(second, secondAdam.zero_grad, secondAdam.step, new Generator(8), 2);
        Train(third, thirdAdam.zero_grad, thirdAdam.step, new Generator(8), 2);
        Train(fourth, () => fourth.zero_grad(), () => fourthAdam.step(), new Generator(8), 2);
        AssertSameParameters(second, third, 0);
        AssertSameParameters(second, fourth, Rounding);
    }

    static byte[] Save(Action<BinaryWriter> saveModel, Action<BinaryWriter> saveOptimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            saveModel(writer);
            saveOptimizer(writer);
        }
        return stream.ToArray();
    }

    static void Load(byte[] bytes, Action<BinaryReader> loadModel, Action<BinaryReader> loadOptimizer)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        loadModel(reader);
        loadOptimizer(reader);
        Assert.Equal(bytes.Length, reader.BaseStream.Position);
    }

    [Fact]
    public void ASecondAdamOverTheSameParametersKeepsItsOwnMomentsAndRate()
    {
        // A: one Adam stepped on the loss x1 then on x2 (two phases, two optimisers sharing the weights).
        // B: two TorchSharp Adams over a twin model, stepped the same way: the same weights after.
        var model = Sequential(("linear", Linear(3, 2)));
        var twin = Twin(model, () => Sequential(("linear", Linear(3, 2))));
        using var first = new FusedAdam(model.parameters(), 1e-2);
        using var second = first.SameParameters(1e-3);
        var reference1 = optim.Adam(twin.parameters(), 1e-2);
        var reference2 = optim.Adam(twin.parameters(), 1e-3);
        var inputs = randn(new long[] { 4, 3 }, generator: new Generator(1));
        for (int step = 0; step < 5; step++)
        {
            first.zero_grad();
            model.forward(inputs).pow(2).mean().backward();
            first.step();
            second.zero_grad();
            model.forward(inputs).sum().backward();
            second.step();

            reference1.zero_grad();
            twin.forward(inputs).pow(2).mean().backward();
            reference1.step();
            reference2.zero_grad();
            twin.forward(inputs).sum().backward();
            reference2.step();
        }
        foreach (var (ours, theirs) in model.parameters().Zip(twin.parameters()))
            Assert.True(ours.allclose(theirs, rtol: 0, atol: Rounding), "two Adams on shared weights drifted from two TorchSharp Adams");
        Assert.Equal(1e-3, second.InitialLearningRate);
    }
}
