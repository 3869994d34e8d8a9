using Aae.Evaluation;

namespace Aae.Tests;

[Trait("Category", "Unit")]
public sealed class LightGbmClassifierTests
{
    [Fact]
    public void SeparatesGaussianBlobs()
    {
        var (trainX, trainY) = Blobs(classes: 4, perClass: 150, seed: 1);
        var (testX, testY) = Blobs(classes: 4, perClass: 50, seed: 2);
        var classifier = LightGbmClassifier.Train(trainX, trainY, classCount: 4, seed: 7, threads: 1);
        var prediction = classifier.Predict(testX);

        Assert.Equal(4, prediction.Probabilities.GetLength(1));
        AssertRowsSumToOne(prediction.Probabilities);
        Assert.True(Accuracy(prediction.Labels, testY) > 0.95, $"accuracy {Accuracy(prediction.Labels, testY)}");
        Assert.Equal(LightGbmClassifier.ArgMax(prediction.Probabilities), prediction.Labels);
    }

    [Fact]
    public void TwoClassesGiveBothProbabilities()
    {
        var (trainX, trainY) = Blobs(classes: 2, perClass: 150, seed: 3);
        var (testX, testY) = Blobs(classes: 2, perClass: 50, seed: 4);
        var prediction = LightGbmClassifier.Train(trainX, trainY, classCount: 2, seed: 7).Predict(testX);

        Assert.Equal(2, prediction.Probabilities.GetLength(1));
        AssertRowsSumToOne(prediction.Probabilities);
        Assert.True(Accuracy(prediction.Labels, testY) > 0.95, $"accuracy {Accuracy(prediction.Labels, testY)}");
        // Confident on a typical sample of each class.
        Assert.True(prediction.Probabilities[0, 0] > 0.9);
        Assert.True(prediction.Probabilities[1, 1] > 0.9);
    }

    [Fact]
    public void WithTheDefaultsTheSeedChangesNothingWithSubsamplingItDoes()
    {
        // What the transfer table's "LightGBM 0..2" rows rest on: their spread is 0 by construction.
        var (x, y) = Blobs(classes: 3, perClass: 200, seed: 8, spread: 2.5);
        float[,] Probabilities(int seed, LightGbmSettings? settings = null) =>
            LightGbmClassifier.Train(x, y, classCount: 3, seed: seed, threads: 1, settings).Predict(x).Probabilities;
        Assert.Equal(Probabilities(0), Probabilities(1));
        var subsampled = new LightGbmSettings(Iterations: 30, FeatureFraction: 0.5, BaggingFraction: 0.7);
        Assert.Equal(Probabilities(0, subsampled), Probabilities(0, subsampled));
        Assert.NotEqual(Probabilities(0, subsampled), Probabilities(1, subsampled));
    }

    [Fact]
    public void SameSeedSameModelAndAbsentClassesKeepTheirColumn()
    {
        // Labels 0..2 only, but five classes: the model must still answer with five columns.
        var (x, y) = Blobs(classes: 3, perClass: 60, seed: 5);
        var first = LightGbmClassifier.Train(x, y, classCount: 5, seed: 11).Predict(x);
        var second = LightGbmClassifier.Train(x, y, classCount: 5, seed: 11).Predict(x);
        Assert.Equal(5, first.Probabilities.GetLength(1));
        Assert.Equal(first.Probabilities, second.Probabilities);
        AssertRowsSumToOne(first.Probabilities);
        Assert.All(first.Labels, label => Assert.InRange(label, 0, 2));
    }

    /// <summary>Samples i of class i % classes around a centre 4 apart per class in 6 dimensions, unit noise.</summary>
    static (float[,] Features, int[] Labels) Blobs(int classes, int perClass, int seed, double spread = 1)
    {
        const int dimensions = 6;
        var random = new Random(seed);
        int n = classes * perClass;
        var x = new float[n, dimensions];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % classes;
            for (int d = 0; d < dimensions; d++)
            {
                double centre = d == y[i] % dimensions ? 4 : 0;
                double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                x[i, d] = (float)(centre + spread * gaussian);
            }
        }
        return (x, y);
    }

    static double Accuracy(int[] predicted, int[] actual) => predicted.Zip(actual).Count(p => p.First == p.Second) / (double)actual.Length;

    static void AssertRowsSumToOne(float[,] probabilities)
    {
        for (int i = 0; i < probabilities.GetLength(0); i++)
        {
            double sum = 0;
            for (int k = 0; k < probabilities.GetLength(1); k++)
            {
                Assert.InRange(probabilities[i, k], 0f, 1f);
                sum += probabilities[i, k];
            }
            Assert.Equal(1.0, sum, 5);
        }
    }
}
