using Aae.Data;

namespace Aae.Tests;

public sealed class IdxTests
{
    [Fact]
    public void ReadsTheRealGzippedFiles()
    {
        var images = Idx.Read(Path.Combine(TestData.SharedDatasets, "mnist", "t10k-images-idx3-ubyte.gz"), Idx.ImagesMagic);
        var labels = Idx.Read(Path.Combine(TestData.SharedDatasets, "mnist", "t10k-labels-idx1-ubyte.gz"), Idx.LabelsMagic);
        Assert.Equal([10000, 28, 28], images.Shape);
        Assert.Equal(10000, labels.Count);
        Assert.Equal(7, labels.Data[0]); // the famous first test digit
        Assert.InRange(labels.Data.Max(), 9, 9);
    }

    [Fact]
    public void LoadsASliceAsUint8Tensors()
    {
        var split = MnistLike.Load(TestData.MnistSlice, "mnist");
        Assert.Equal([6000L, 1, 28, 28], split.Train.Images.shape);
        Assert.Equal(TorchSharp.torch.ScalarType.Byte, split.Train.Images.dtype);
        Assert.Equal(1000, split.Test.Count);
        Assert.Equal(4, split.Files.Count);
        Assert.All(split.Files, f => Assert.Equal(64, f.Sha256.Length));
    }

    [Fact]
    public void WrongMagicIsNamed()
    {
        var path = Path.Combine(TestData.NewFolder("aae-idx"), "bad");
        TestData.WriteIdx(path, 0x0801, [2, 28, 28], new byte[2 * 784]);
        var error = Assert.Throws<AaeException>(() => Idx.Read(path, Idx.ImagesMagic));
        Assert.Contains(path, error.Message);
        Assert.Contains("magic", error.Message);
    }

    [Fact]
    public void CountsThatDisagreeWithTheFileSizeAreNamed()
    {
        var path = Path.Combine(TestData.NewFolder("aae-idx"), "short");
        TestData.WriteIdx(path, Idx.ImagesMagic, [3, 28, 28], new byte[2 * 784]);
        var error = Assert.Throws<AaeException>(() => Idx.Read(path, Idx.ImagesMagic));
        Assert.Contains(path, error.Message);
        Assert.Contains("3x28x28", error.Message);
    }

    [Fact]
    public void TruncatedGzipIsNamed()
    {
        var path = Path.Combine(TestData.NewFolder("aae-idx"), "cut.gz");
        var bytes = File.ReadAllBytes(Path.Combine(TestData.SharedDatasets, "mnist", "t10k-labels-idx1-ubyte.gz"));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<AaeException>(() => Idx.Read(path, Idx.LabelsMagic));
        Assert.StartsWith(path, error.Message);
    }

    [Fact]
    public void LabelsAndImagesOfDifferentCountsAreNamed()
    {
        var data = TestData.WriteMnistSlice(TestData.NewFolder("aae-idx"), 100, 50);
        var labels = Path.Combine(data, "mnist", "train-labels-idx1-ubyte");
        TestData.WriteIdx(labels, Idx.LabelsMagic, [99], new byte[99]);
        var error = Assert.Throws<AaeException>(() => MnistLike.Load(data, "mnist"));
        Assert.Contains(labels, error.Message);
        Assert.Contains("99 labels", error.Message);
    }

    [Fact]
    public void MissingFolderAndMissingFileAreNamed()
    {
        var empty = TestData.NewFolder("aae-idx");
        var folderError = Assert.Throws<AaeException>(() => MnistLike.Load(empty, "mnist"));
        Assert.Contains(Path.Combine(empty, "mnist"), folderError.Message);
        Assert.Contains("not found", folderError.Message);

        var data = TestData.WriteMnistSlice(TestData.NewFolder("aae-idx"), 10, 10);
        File.Delete(Path.Combine(data, "mnist", "t10k-labels-idx1-ubyte"));
        var fileError = Assert.Throws<AaeException>(() => MnistLike.Load(data, "mnist"));
        Assert.Contains("t10k-labels-idx1-ubyte", fileError.Message);
    }
}
