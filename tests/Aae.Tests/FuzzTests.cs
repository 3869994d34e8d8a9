using System.Buffers.Binary;
using Aae.Config;
using Aae.Data;
using Aae.Families;
using Aae.Runs;
using Xunit.Abstractions;

namespace Aae.Tests;

/// <summary>
/// Mutated real files through every reader: the only outcomes allowed are a clean load or the
/// project's one-line error (AaeException), never another exception, and never an allocation
/// beyond what the file's size can justify. Each test reports how many cases it ran.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper log)
{
    /// <summary>Managed bytes a reader may allocate per byte of input (a decoded image is 3 bytes a pixel, gzip expands).</summary>
    const long AllocationAllowance = 64L << 20;

    static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(5))
        {
            case 0:  // a few random bytes anywhere
                for (int i = random.Next(1, 5); i > 0; i--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                break;
            case 1:  // in the header, where sizes and counts live
                for (int i = random.Next(1, 4); i > 0; i--) bytes[random.Next(Math.Min(64, bytes.Length))] = (byte)random.Next(256);
                break;
            case 2:  // an extreme 32-bit value in the header, either byte order
                int at = random.Next(Math.Max(1, Math.Min(60, bytes.Length - 4)));
                int value = new[] { 0, -1, 1, int.MaxValue, int.MinValue, 0x10000, random.Next() }[random.Next(7)];
                if (random.Next(2) == 0) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(at), value);
                else BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), value);
                break;
            case 3:  // truncated
                return bytes[..random.Next(bytes.Length)];
            default:  // with junk appended
                return [.. bytes, .. Enumerable.Range(0, random.Next(1, 100)).Select(_ => (byte)random.Next(256))];
        }
        return bytes;
    }

    /// <summary>Runs <paramref name="load"/> on <paramref name="cases"/> mutations of <paramref name="original"/> written to <paramref name="path"/>.</summary>
    int Fuzz(string name, string path, byte[] original, int cases, Action<string> load, int seed = 1)
    {
        var random = new Random(seed);
        int clean = 0, refused = 0;
        for (int i = 0; i < cases; i++)
        {
            var bytes = Mutate(original, random);
            File.WriteAllBytes(path, bytes);
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                load(path);
                clean++;
            }
            catch (AaeException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"{name} case {i}: {e.GetType().Name}: {e.Message}");
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated <= 16L * bytes.Length + AllocationAllowance, $"{name} case {i}: {allocated} bytes allocated for a {bytes.Length}-byte file");
        }
        log.WriteLine($"{name}: {cases} mutated files, {clean} loaded, {refused} refused with one line");
        return cases;
    }

    [Fact]
    public void IdxFiles()
    {
        var folder = TestData.WriteMnistSlice(TestData.NewFolder("aae-fuzz"), 60, 10);
        var images = File.ReadAllBytes(Path.Combine(folder, "mnist", "train-images-idx3-ubyte"));
        var labels = File.ReadAllBytes(Path.Combine(folder, "mnist", "train-labels-idx1-ubyte"));
        var target = Path.Combine(folder, "fuzzed");
        Fuzz("IDX images", target, images, 2000, path => Idx.Read(path, Idx.ImagesMagic));
        Fuzz("IDX labels", target, labels, 1000, path => Idx.Read(path, Idx.LabelsMagic));
        // Gzipped: the same mutations hit the deflate stream.
        var gz = Path.Combine(TestData.SharedDatasets, "mnist", "t10k-labels-idx1-ubyte.gz");
        Fuzz("IDX labels .gz", target + ".gz", File.ReadAllBytes(gz), 1000, path => Idx.Read(path, Idx.LabelsMagic));
    }

    [Fact]
    public void CifarBatches()
    {
        var folder = Path.Combine(TestData.NewFolder("aae-fuzz"), Cifar10.FolderName);
        Directory.CreateDirectory(folder);
        var source = Path.Combine(TestData.SharedDatasets, Cifar10.FolderName);
        // Whole-size batches (the reader checks sizes), of which only the first 20 records are read.
        const int recordBytes = 3073, recordsPerFile = 10_000;
        var first = new byte[20 * recordBytes];
        foreach (var name in Cifar10.TrainFileNames.Append(Cifar10.TestFileName))
        {
            var raw = Path.Combine(source, name);
            using (var input = File.Exists(raw) ? File.OpenRead(raw)
                : (Stream)new System.IO.Compression.GZipStream(File.OpenRead(raw + ".gz"), System.IO.Compression.CompressionMode.Decompress))
                input.ReadExactly(first);
            var batch = new byte[recordsPerFile * recordBytes];
            first.CopyTo(batch, 0);
            File.WriteAllBytes(Path.Combine(folder, name), batch);
        }
        var batchPath = Path.Combine(folder, Cifar10.TrainFileNames[0]);
        Fuzz("CIFAR-10 batch", batchPath, File.ReadAllBytes(batchPath), 150, _ => Cifar10.Load(Path.GetDirectoryName(folder)!, maxRecords: 20));
    }

    [Fact]
    public void CodesFiles()
    {
        var path = Path.Combine(TestData.NewFolder("aae-fuzz"), "codes.aaecodes");
        var codes = new float[50, 8];
        for (int i = 0; i < 50; i++) for (int j = 0; j < 8; j++) codes[i, j] = i - j;
        CodesFile.Save(path, new LatentCodes(codes, Enumerable.Range(0, 50).Select(i => i % 3).ToArray(), ["a", "b", "c"]));
        Fuzz("codes file", path, File.ReadAllBytes(path), 2000, file => CodesFile.Load(file));
    }

    [Fact]
    public void Checkpoints()
    {
        var config = new RunConfig { Networks = new() { EncoderHidden = [8], DecoderHidden = [8], DiscriminatorHidden = [4] } };
        using var family = ModelFamilies.Build(config, [1, 28, 28], 10);
        var path = Path.Combine(TestData.NewFolder("aae-fuzz"), "latest.ckpt");
        Checkpoint.Save(path, 3, family.Networks, family.Optimizers);
        Fuzz("checkpoint", path, File.ReadAllBytes(path), 1000, file => Checkpoint.Load(file, family.Networks, family.Optimizers));
    }

    [Fact]
    public void WeightsFiles()
    {
        var config = new RunConfig { Networks = new() { EncoderHidden = [8], DecoderHidden = [8], DiscriminatorHidden = [4] } };
        using var family = ModelFamilies.Build(config, [1, 28, 28], 10);
        var folder = TestData.NewFolder("aae-fuzz");
        var tensors = Aae.Export.TorchStateDict.Of(family.Networks);
        void Load(string file)
        {
            foreach (var (_, tensor) in Aae.Export.WeightsFormat.Read(file, 1L << 20)) tensor.Dispose();
        }
        var pt = Path.Combine(folder, "w.pt");
        Aae.Export.PtFile.Write(pt, tensors);
        Fuzz(".pt", pt, File.ReadAllBytes(pt), 1500, Load);
        // The pickle itself, where the zip stores it uncompressed: mutations hit its opcodes and lengths.
        var hostile = new PickleBytes().EmptyDict().Text("encoder.w").Tensor("0", 6, 0, [2, 3], [3, 1]).SetItem().Stop();
        Fuzz(".pt pickle", pt, PtFiles.Archive(hostile, ("0", PtFiles.Floats(0, 1, 2, 3, 4, 5), false)), 1500, Load, seed: 3);
        var safetensors = Path.Combine(folder, "w.safetensors");
        Aae.Export.SafetensorsFile.Write(safetensors, tensors);
        Fuzz("safetensors", safetensors, File.ReadAllBytes(safetensors), 1500, Load, seed: 4);
    }

    [Fact]
    public void ConfigFiles()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "old-format-run", "config.json");
        var target = Path.Combine(TestData.NewFolder("aae-fuzz"), "config.json");
        Action<string> load = file => RunInfo.Read(file).Config.Validate();
        Fuzz("config.json (before families)", target, File.ReadAllBytes(path), 1500, load);
        File.WriteAllText(target, Json.Serialize(new RunInfo(Presets.Find("mnist-wae").Config, [], RunInfo.CurrentVersions(), DateTime.UnixEpoch)));
        Fuzz("config.json", target, File.ReadAllBytes(target), 1500, load, seed: 2);
    }

    [Fact]
    public void ImageHeaders()
    {
        var jpeg = Directory.GetFiles(Path.Combine(TestData.SharedDatasets, "lfw"), "*.jpg", SearchOption.AllDirectories).Order().First();
        var target = Path.Combine(TestData.NewFolder("aae-fuzz"), "face.jpg");
        Fuzz("JPEG", target, File.ReadAllBytes(jpeg), 600, file => ImageFiles.Load([file], 64).Dispose());
        // A PNG written by the project's own figures code.
        var png = Path.Combine(TestData.NewFolder("aae-fuzz"), "image.png");
        using (var bitmap = new SkiaSharp.SKBitmap(40, 30)) Aae.Visualization.Png.Save(bitmap, png);
        Fuzz("PNG", png + ".fuzzed.png", File.ReadAllBytes(png), 600, file => ImageFiles.Load([file], 64).Dispose());
    }
}
