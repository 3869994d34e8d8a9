using System.Buffers.Binary;
using Aae.Export;
using static TorchSharp.torch;

namespace Aae.Tests;

/// <summary>
/// Weights files are untrusted: a .pt or .safetensors file made to exhaust memory, hang the reader
/// or fool it ends in the one-line error naming it, having allocated no more than its size
/// justifies (the fuzz tests' bound), and honest files still read to the values they hold.
/// </summary>
[Trait("Category", "Unit")]
public sealed class UntrustedWeightsTests
{
    const long Budget = 10L << 20;  // the byte budget an import of a small model would give

    static string Written(byte[] bytes, string name = "w.pt")
    {
        var path = Path.Combine(TestData.NewFolder("aae-untrusted"), name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The one-line refusal of <paramref name="bytes"/>, allocating at most what the fuzz tests allow for its size.</summary>
    static string Refusal(byte[] bytes, string name = "w.pt")
    {
        var path = Written(bytes, name);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<AaeException>(() => WeightsFormat.Read(path, Budget));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= 16L * bytes.Length + (64L << 20), $"{allocated} bytes allocated for a {bytes.Length}-byte file");
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith(path + ": ", error.Message);
        return error.Message;
    }

    [Fact]
    public void ATorchSaveArchiveReadsToItsTensorsViewsIncluded()
    {
        // {"encoder": OrderedDict(weight=[[0,1,2],[3,4,5]], odd=storage[1::2]), "epoch": 3}, both on one storage.
        var pickle = new PickleBytes().EmptyDict().Mark().Text("encoder")
            .Global("collections", "OrderedDict").Op((byte)')').Op((byte)'R').Mark()
            .Text("weight").Tensor("0", 6, 0, [2, 3], [3, 1])
            .Text("odd").Tensor("0", 6, 1, [3], [2])
            .SetItems().Text("epoch").Int(3).SetItems().Stop();
        var path = Written(PtFiles.Archive(pickle, ("0", PtFiles.Floats(0, 1, 2, 3, 4, 5), false)));
        var tensors = WeightsFormat.Read(path, Budget);
        Assert.Equal(["encoder.odd", "encoder.weight"], tensors.Select(t => t.Name));
        Assert.Equal([1f, 3f, 5f], tensors[0].Value.data<float>().ToArray());
        Assert.Equal([2L, 3L], tensors[1].Value.shape);
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], tensors[1].Value.contiguous().data<float>().ToArray());
        foreach (var (_, tensor) in tensors) tensor.Dispose();

        // And what Aae's own export writes.
        using var weight = arange(12f).reshape(3, 4);
        using var counter = tensor(7L);
        var own = Path.Combine(TestData.NewFolder("aae-untrusted"), "own.pt");
        PtFile.Write(own, [("encoder.0.weight", weight), ("encoder.1.num_batches_tracked", counter)]);
        var back = WeightsFormat.Read(own, Budget);
        Assert.True(back[0].Value.allclose(weight, rtol: 0, atol: 0));
        Assert.Equal(7L, back[1].Value.item<long>());
        foreach (var (_, tensor) in back) tensor.Dispose();
    }

    [Fact]
    public void ADictHoldingItselfIsRefused()
    {
        // d = {}; d['encoder'] = d: 261 bytes that once grew the reader to 24 GB.
        var pickle = new PickleBytes().EmptyDict().Put(0).Text("encoder").Get(0).SetItem().Stop();
        Assert.Contains("a dict contains itself (at encoder)", Refusal(PtFiles.Archive(pickle)));
    }

    [Theory]
    [InlineData(20, "more than 100000 entries")]  // 2^20 paths through 20 dicts
    [InlineData(40, "deeper than 32 levels")]     // 2^40 paths: a hang before
    public void DictsSharedAtEveryLevelAreBounded(int levels, string expected)
    {
        var pickle = new PickleBytes().EmptyDict().Put(0);
        for (int level = 1; level <= levels; level++)
            pickle.EmptyDict().Mark().Text("a").Get(level - 1).Text("b").Get(level - 1).SetItems().Put(level);
        var refusal = Refusal(PtFiles.Archive(pickle.Stop()));
        Assert.Contains(expected, refusal);
    }

    [Fact]
    public void DeepNestingIsRefusedWithoutMemoryGrowingWithIt()
    {
        // 20,000 dicts each inside the one before: 1.28 GB before its error once.
        var pickle = new PickleBytes().EmptyDict();
        for (int i = 0; i < 20_000; i++) pickle.Op((byte)'K', (byte)'a').EmptyDict().Op((byte)'2');  // key, new dict, DUP
        // Close from the innermost: each SETITEM puts a dict into the one below it on the stack.
        for (int i = 0; i < 20_000; i++) pickle.Op((byte)'0').SetItem();  // POP the DUP'd copy, then SETITEM
        Assert.Contains("deeper than 32 levels", Refusal(PtFiles.Archive(pickle.Stop())));
    }

    [Fact]
    public void LengthsBeyondThePickleAreRefusedBeforeAllocation()
    {
        // BINUNICODE of 2^31-1 bytes once ended in OutOfMemoryException; BINBYTES8 and LONG4 alike.
        byte[] Declaring(byte opcode, int width, long length)
        {
            var prefix = new byte[width];
            if (width == 4) BinaryPrimitives.WriteInt32LittleEndian(prefix, (int)length);
            else BinaryPrimitives.WriteInt64LittleEndian(prefix, length);
            return PtFiles.Archive(new PickleBytes().EmptyDict().Op(opcode).Op(prefix).Op("abc"u8.ToArray()).Stop());
        }
        Assert.Contains("declares a 2147483647-byte value", Refusal(Declaring((byte)'X', 4, int.MaxValue)));
        Assert.Contains("declares a 4611686018427387904-byte value", Refusal(Declaring(0x8e, 8, 1L << 62)));
        Assert.Contains("declares a 1000000-byte value", Refusal(Declaring(0x8b, 4, 1_000_000)));
    }

    [Fact]
    public void StoragesAreCheckedAgainstTheBudgetBeforeInflating()
    {
        // 256 MiB of zeros deflate to 2.5 MB: the declared size is refused unread.
        const int count = 64 << 20;
        var pickle = new PickleBytes().EmptyDict().Text("encoder.w").Tensor("0", count, 0, [count], [1]).SetItem().Stop();
        var bomb = PtFiles.Archive(pickle, ("0", new byte[4L * count], true));
        Assert.True(bomb.Length < 4 << 20, $"{bomb.Length} bytes");
        Assert.Contains("more than the 10485760 bytes the model's networks could hold (refused before reading them)", Refusal(bomb));

        // A storage whose entry holds other than its declared bytes.
        pickle = new PickleBytes().EmptyDict().Text("encoder.w").Tensor("0", 1000, 0, [1000], [1]).SetItem().Stop();
        Assert.Contains("storage 0 declares 1000 Float32 elements (4000 bytes), its archive entry holds 8",
            Refusal(PtFiles.Archive(pickle, ("0", PtFiles.Floats(1, 2), false))));
    }

    [Theory]
    [InlineData(new[] { 1_000_000, 1_000_000 }, new[] { 0, 0 }, 0)]  // a trillion elements over one float
    [InlineData(new[] { 2, 3 }, new[] { 3, 1 }, 1)]                  // one element past the end
    [InlineData(new[] { 4 }, new[] { 2 }, 0)]                        // strides reaching past it
    public void ATensorMustFitItsStorage(int[] shape, int[] stride, int offset)
    {
        var pickle = new PickleBytes().EmptyDict().Text("encoder.w").Tensor("0", 6, offset, shape, stride).SetItem().Stop();
        Assert.Contains("does not fit its storage of 6 elements", Refusal(PtFiles.Archive(pickle, ("0", PtFiles.Floats(0, 1, 2, 3, 4, 5), false))));
    }

    [Theory]
    [InlineData("posix", "system")]
    [InlineData("builtins", "eval")]
    [InlineData("subprocess", "Popen")]
    [InlineData("torch._utils", "_rebuild_from_type_v2")]
    public void GlobalsThatAStateDictDoesNotNeedAreRefusedUncalled(string module, string name)
    {
        var marker = Path.Combine(TestData.NewFolder("aae-untrusted"), "ran");
        var pickle = new PickleBytes().Global(module, name).Mark().Text($"touch {marker}").Tuple().Op((byte)'R').Stop();
        Assert.Contains($"refers to {module}.{name}, which a state_dict does not need", Refusal(PtFiles.Archive(pickle)));
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void SafetensorsHeadersThatDoNotFitTheirBytesAreNamed()
    {
        byte[] Safetensors(string header, int dataBytes)
        {
            var text = System.Text.Encoding.UTF8.GetBytes(header);
            return [.. BitConverter.GetBytes((long)text.Length), .. text, .. new byte[dataBytes]];
        }
        // Once "Tensor invalid -- empty handle": the message read the tensor it had just disposed.
        Assert.Contains("tensor w has 12 bytes, its shape [2, 3] needs 24",
            Refusal(Safetensors("""{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,12]}}""", 12), "w.safetensors"));
        // Once an attempt to allocate 4 TB.
        Assert.Contains("tensor w has 4 bytes, its shape [1000000, 1000000] needs 4000000000000",
            Refusal(Safetensors("""{"w":{"dtype":"F32","shape":[1000000,1000000],"data_offsets":[0,4]}}""", 4), "w.safetensors"));
        Assert.Contains("has more elements than a tensor can",
            Refusal(Safetensors("""{"w":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,4]}}""", 4), "w.safetensors"));
        Assert.Contains("its header names tensor w twice",
            Refusal(Safetensors("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 4), "w.safetensors"));
        Assert.Contains("reaches past the file's 4 data bytes",
            Refusal(Safetensors("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 4), "w.safetensors"));
    }
}
