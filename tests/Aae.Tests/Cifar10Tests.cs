using System.IO.Compression;
using Aae.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Aae.Tests;

public sealed class Cifar10Tests
{
    static readonly long[] FirstTestLabels = [3, 8, 8, 0, 6, 6, 1, 6, 3, 1]; // cat, ship, ship, airplane, frog, ...

    [Fact]
    public void ReadsTheFirstRecordsOfTheRealFiles()
    {
        var data = Cifar10.Load(TestData.SharedDatasets, maxRecords: 100);
        using var train = data.Train;
        using var test = data.Test;

        Assert.Equal([100L, 3, 32, 32], test.Images.shape);
        Assert.Equal(ScalarType.Byte, test.Images.dtype);
        Assert.Equal([100L], test.Labels.shape);
        Assert.Equal(ScalarType.Int64, test.Labels.dtype);
        Assert.Equal(FirstTestLabels, test.Labels[..10].data<long>().ToArray());
        Assert.Equal("cat", test.ClassNames[3]);
        Assert.Equal(Cifar10.StandardClassNames, test.ClassNames);
        Assert.Equal([100L, 3, 32, 32], train.Images.shape);
        Assert.Equal(6, train.Labels[0].ToInt64()); // frog

        // Pixels of record 1 as written in the file: label byte, then R, G, B planes of 32x32.
        Assert.Equal(235, test.Images[1, 0, 0, 0].ToByte());
        Assert.Equal(235, test.Images[1, 1, 5, 7].ToByte());
        Assert.Equal(199, test.Images[1, 2, 31, 31].ToByte());

        Assert.Equal(["data_batch_1.bin.gz", "test_batch.bin.gz", "batches.meta.txt"],
            data.Files.Select(f => Path.GetFileName(f.Path)));
    }

    [Fact]
    public void ReadsTheWholeRealDataset()
    {
        var data = Cifar10.Load(TestData.SharedDatasets);
        using var train = data.Train;
        using var test = data.Test;
        Assert.Equal([50000L, 3, 32, 32], train.Images.shape);
        Assert.Equal([10000L, 3, 32, 32], test.Images.shape);
        Assert.All(test.Labels.bincount(null).data<long>().ToArray(), count => Assert.Equal(1000, count));
        Assert.All(train.Labels.bincount(null).data<long>().ToArray(), count => Assert.Equal(5000, count));
        Assert.Equal(7, data.Files.Count);
    }

    [Fact]
    public void SelectsClassesAndRelabelsThemInTheOrderGiven()
    {
        var all = Cifar10.Load(TestData.SharedDatasets, maxRecords: 300);
        var some = Cifar10.Load(TestData.SharedDatasets, maxRecords: 300, classes: ["Ship", "automobile"]);
        Assert.Equal(["ship", "automobile"], some.Test.ClassNames);

        var labels = all.Test.Labels;
        var kept = (labels == 8).logical_or(labels == 1).nonzero().flatten();
        Assert.Equal(kept.shape[0], some.Test.Count);
        Assert.True(some.Test.Images.eq(all.Test.Images.index_select(0, kept)).all().ToBoolean());
        var expected = labels.index_select(0, kept).eq(1).to_type(ScalarType.Int64); // ship -> 0, automobile -> 1
        Assert.Equal(expected.data<long>().ToArray(), some.Test.Labels.data<long>().ToArray());
        Assert.True(some.Train.Count > 0);
        Assert.True(some.Train.Labels.lt(2).all().ToBoolean());
    }

    [Fact]
    public void UnknownClassNamesTheKnownOnes()
    {
        var error = Assert.Throws<AaeException>(() => Cifar10.Load(TestData.SharedDatasets, maxRecords: 1, classes: ["ship", "boat"]));
        Assert.Contains("'boat'", error.Message);
        Assert.Contains("airplane, automobile, bird, cat, deer, dog, frog, horse, ship, truck", error.Message);
    }

    [Fact]
    public void ReadsRawFilesAndFallsBackToTheStandardNames()
    {
        var (dataDirectory, folder) = NewDataFolder();
        WriteBatch(Path.Combine(folder, "data_batch_1.bin"), Cifar10.RecordsPerFile, gzip: false);
        WriteBatch(Path.Combine(folder, "data_batch_1.bin.gz"), 3, gzip: true, label: _ => 9); // the raw file wins
        foreach (var name in Cifar10.TrainFileNames.Skip(1).Append(Cifar10.TestFileName))
            WriteBatch(Path.Combine(folder, name + ".gz"), 3, gzip: true);

        var data = Cifar10.Load(dataDirectory, maxRecords: 2);
        Assert.Equal(Cifar10.StandardClassNames, data.Train.ClassNames);
        Assert.Equal([0L, 1], data.Train.Labels.data<long>().ToArray());
        Assert.Equal(1, data.Train.Images[1, 0, 0, 0].ToByte()); // WriteBatch puts the record index in the first pixel
        Assert.Equal(2, data.Test.Count);
    }

    [Fact]
    public void MissingFolderOrFileIsNamed()
    {
        var (dataDirectory, folder) = NewDataFolder();
        var error = Assert.Throws<AaeException>(() => Cifar10.Load(Path.Combine(dataDirectory, "elsewhere")));
        Assert.Contains(Path.Combine(dataDirectory, "elsewhere", Cifar10.FolderName), error.Message);

        foreach (var name in Cifar10.TrainFileNames) File.WriteAllBytes(Path.Combine(folder, name), []);
        error = Assert.Throws<AaeException>(() => Cifar10.Load(dataDirectory));
        Assert.Contains(Path.Combine(folder, "test_batch.bin"), error.Message);
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void WrongSizedFilesAreRejected()
    {
        var (dataDirectory, folder) = PlaceholderFolder();
        var path = Path.Combine(folder, "data_batch_1.bin");

        File.WriteAllBytes(path, new byte[Cifar10.RecordBytes * 10 + 5]);
        var error = Assert.Throws<AaeException>(() => Cifar10.Load(dataDirectory));
        Assert.StartsWith(path + ":", error.Message);
        Assert.Contains("not a whole number of 3073-byte records", error.Message);

        File.WriteAllBytes(path, new byte[Cifar10.RecordBytes * 20]);
        error = Assert.Throws<AaeException>(() => Cifar10.Load(dataDirectory, maxRecords: 5));
        Assert.Equal($"{path}: holds 20 records, expected 10000", error.Message);
    }

    [Fact]
    public void TruncatedOrCorruptGzipIsRejected()
    {
        var (dataDirectory, folder) = PlaceholderFolder();
        var path = Path.Combine(folder, "data_batch_1.bin.gz");
        WriteBatch(path, Cifar10.RecordsPerFile, gzip: true);
        var whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);
        var error = Assert.Throws<AaeException>(() => Cifar10.Load(dataDirectory));
        Assert.StartsWith(path + ":", error.Message);
        Assert.DoesNotContain('\n', error.Message);

        File.WriteAllBytes(path, "this is not gzip data"u8.ToArray());
        error = Assert.Throws<AaeException>(() => Cifar10.Load(dataDirectory));
        Assert.StartsWith(path + ": not a valid gzip file", error.Message);
    }

    [Fact]
    public void LabelAboveNineIsRejected()
    {
        var (dataDirectory, folder) = PlaceholderFolder();
        var path = Path.Combine(folder, "data_batch_1.bin.gz");
        WriteBatch(path, 10, gzip: true, label: i => i == 3 ? (byte)10 : (byte)0);
        var error = Assert.Throws<AaeException>(() => Cifar10.Load(dataDirectory, maxRecords: 10));
        Assert.Equal($"{path}: record 3 has label 10, expected 0-9 (not a CIFAR-10 batch?)", error.Message);
    }

    [Fact]
    public void ClassNamesFileMustNameTenClasses()
    {
        var (dataDirectory, folder) = PlaceholderFolder();
        File.WriteAllBytes(Path.Combine(folder, "data_batch_1.bin"), []);
        var meta = Path.Combine(folder, Cifar10.MetaFileName);
        File.WriteAllText(meta, "cat\ndog\n\n");
        var error = Assert.Throws<AaeException>(() => Cifar10.Load(dataDirectory));
        Assert.Equal($"{meta}: expected 10 class names (one per line), found 2", error.Message);
    }

    static (string DataDirectory, string Folder) NewDataFolder()
    {
        var dataDirectory = TestData.NewFolder("aae-cifar");
        return (dataDirectory, Directory.CreateDirectory(Path.Combine(dataDirectory, Cifar10.FolderName)).FullName);
    }

    /// <summary>A folder where every batch file exists but is empty, for tests that replace one of them.</summary>
    static (string DataDirectory, string Folder) PlaceholderFolder()
    {
        var (dataDirectory, folder) = NewDataFolder();
        foreach (var name in Cifar10.TrainFileNames.Append(Cifar10.TestFileName))
            File.WriteAllBytes(Path.Combine(folder, name), []);
        File.Delete(Path.Combine(folder, "data_batch_1.bin"));
        return (dataDirectory, folder);
    }

    /// <summary>Writes records with label label(i) (default i % 10) and the record index (mod 256) as first pixel.</summary>
    static void WriteBatch(string path, int records, bool gzip, Func<int, byte>? label = null)
    {
        var bytes = new byte[(long)records * Cifar10.RecordBytes];
        for (int i = 0; i < records; i++)
        {
            bytes[(long)i * Cifar10.RecordBytes] = label?.Invoke(i) ?? (byte)(i % 10);
            bytes[(long)i * Cifar10.RecordBytes + 1] = (byte)i;
        }
        using var file = File.Create(path);
        if (!gzip)
        {
            file.Write(bytes);
            return;
        }
        using var compressed = new GZipStream(file, CompressionLevel.Fastest);
        compressed.Write(bytes);
    }
}
