using Aae.Config;
using Aae.Data;
using static TorchSharp.torch;

namespace Aae.Tests;

public sealed class DeskewTests
{
    [Fact]
    public void ASlantedStrokeStandsUpCentredOnItsInk()
    {
        // A stroke two pixels wide leaning right by half a pixel a row, off to the left.
        var pixels = new byte[28 * 28];
        for (int row = 4; row < 24; row++)
            for (int width = 0; width < 2; width++)
                pixels[row * 28 + 4 + (row - 4) / 2 + width] = 255;
        using var image = tensor(pixels).view(1, 1, 28, 28);
        Assert.InRange(Slant(image), 0.4, 0.6);
        using var straightened = Deskew.Apply(image);
        Assert.InRange(Math.Abs(Slant(straightened)), 0, 0.05);
        var (row0, column0) = CentreOfMass(straightened);
        Assert.InRange(row0, 13.0, 14.0);
        Assert.InRange(column0, 13.0, 14.0);
    }

    [Fact]
    public void AnUprightCentredStrokeIsLeftAsItIs()
    {
        var pixels = new byte[28 * 28];
        for (int row = 4; row < 24; row++) pixels[row * 28 + 13] = pixels[row * 28 + 14] = 200;
        using var image = tensor(pixels).view(1, 1, 28, 28);
        using var straightened = Deskew.Apply(image);
        Assert.Equal(pixels, straightened.flatten().data<byte>().ToArray());
    }

    [Fact]
    public void DeskewedDigitsHaveNearerNeighboursOfTheirOwnDigit()
    {
        // LeCun's table: deskewing lowers a nearest-neighbour classifier's error on MNIST.
        using var data = Datasets.Load(new DataSettings(), seed: 0, TestData.MnistSlice);
        using var deskewed = Datasets.Load(new DataSettings { Deskew = true }, seed: 0, TestData.MnistSlice);
        double raw = NearestNeighbourError(data.Train, data.Test), straight = NearestNeighbourError(deskewed.Train, deskewed.Test);
        Assert.True(straight < 0.8 * raw, $"1-NN error {straight:P1} deskewed against {raw:P1} as they are");
    }

    [Fact]
    public void OnlyHandwritingIsDeskewed()
    {
        var error = Assert.Throws<AaeException>(() => new RunConfig { Data = new() { Dataset = "lfw", Deskew = true } }.Validate());
        Assert.Contains("--deskew", error.Message);
        using var colour = new ImageDataset(zeros([2, 3, 8, 8], ScalarType.Byte), zeros([2], ScalarType.Int64), ["a", "b"]);
        Assert.Throws<AaeException>(() => Deskew.IfAsked(colour, new DataSettings { Deskew = true }));
        Assert.Same(colour, Deskew.IfAsked(colour, new DataSettings()));
    }

    static double NearestNeighbourError(ImageDataset train, ImageDataset test)
    {
        using var scope = NewDisposeScope();
        var trainFlat = train.Images.to_type(ScalarType.Float32).flatten(1);
        var testFlat = test.Images.to_type(ScalarType.Float32).flatten(1);
        var nearest = cdist(testFlat, trainFlat).argmin(1);
        var predicted = train.Labels.index_select(0, nearest);
        return predicted.ne(test.Labels).to_type(ScalarType.Float64).mean().item<double>();
    }

    /// <summary>Covariance of the ink's rows and columns over the variance of its rows: columns moved per row.</summary>
    static double Slant(Tensor image)
    {
        var (row0, column0) = CentreOfMass(image);
        return InkMean(image, (rows, columns) => (rows - row0) * (columns - column0)) / InkMean(image, (rows, _) => (rows - row0).square());
    }

    static (double Row, double Column) CentreOfMass(Tensor image) =>
        (InkMean(image, (rows, _) => rows), InkMean(image, (_, columns) => columns));

    /// <summary>The mean over the image's pixels, weighted by their ink, of a function of their row and column.</summary>
    static double InkMean(Tensor image, Func<Tensor, Tensor, Tensor> of)
    {
        using var scope = NewDisposeScope();
        var ink = image.to_type(ScalarType.Float64).squeeze();
        var rows = arange(28, dtype: ScalarType.Float64).view(28, 1);
        var columns = arange(28, dtype: ScalarType.Float64).view(1, 28);
        return (ink * of(rows, columns)).sum().item<double>() / ink.sum().item<double>();
    }
}
