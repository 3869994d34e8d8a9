using Aae.Data;
using static TorchSharp.torch;

namespace Aae.Tests;

[Trait("Category", "Unit")]
public sealed class CodesFileTests
{
    [Fact]
    public void RoundTrips()
    {
        var path = Path.Combine(TestData.NewFolder("aae-codes"), "codes.bin");
        var codes = new float[,] { { 1.5f, -2f, float.Epsilon }, { 0f, 3.25e-7f, -0f }, { float.MaxValue, 1f, 2f } };
        var original = new LatentCodes(codes, [2, 0, 1], ["cat", "ship", "véhicule à moteur"]);
        CodesFile.Save(path, original);
        var loaded = CodesFile.Load(path);

        Assert.Equal(original.Codes, loaded.Codes);
        Assert.Equal(original.Labels, loaded.Labels);
        Assert.Equal(original.ClassNames, loaded.ClassNames);
        Assert.False(File.Exists(path + ".tmp"));
        Assert.Equal("AAECODES"u8.ToArray(), File.ReadAllBytes(path)[..8]);
    }

    [Fact]
    public void RoundTripsTensorsAndEmptySets()
    {
        var folder = TestData.NewFolder("aae-codes");
        var fromTensors = LatentCodes.FromTensors(arange(12, dtype: ScalarType.Float32).reshape(4, 3), tensor(new long[] { 1, 0, 1, 1 }), ["a", "b"]);
        Assert.Equal(5f, fromTensors.Codes[1, 2]);
        CodesFile.Save(Path.Combine(folder, "t.bin"), fromTensors);
        Assert.Equal(fromTensors.Codes, CodesFile.Load(Path.Combine(folder, "t.bin")).Codes);

        CodesFile.Save(Path.Combine(folder, "empty.bin"), new LatentCodes(new float[0, 8], [], ["a"]));
        var empty = CodesFile.Load(Path.Combine(folder, "empty.bin"));
        Assert.Equal(0, empty.Count);
        Assert.Equal(8, empty.Dimensions);
    }

    [Fact]
    public void TruncatedOrForeignFilesAreRejected()
    {
        var path = Path.Combine(TestData.NewFolder("aae-codes"), "codes.bin");
        CodesFile.Save(path, new LatentCodes(new float[10, 4], new int[10], ["only", "two"]));
        var whole = File.ReadAllBytes(path);

        // Cut inside the header, the codes, the labels and the last name.
        foreach (var length in new[] { 3, 14, 100, 200, whole.Length - 1 })
        {
            File.WriteAllBytes(path, whole[..length]);
            var error = Assert.Throws<AaeException>(() => CodesFile.Load(path));
            Assert.StartsWith(path + ":", error.Message);
            Assert.Contains(length < 8 ? "not a codes file" : "truncated", error.Message);
        }

        File.WriteAllBytes(path, [.. whole, 0]);
        Assert.Contains("unexpected bytes", Assert.Throws<AaeException>(() => CodesFile.Load(path)).Message);

        File.WriteAllText(path, "P5 not a codes file at all");
        Assert.Equal($"{path}: not a codes file (no AAECODES header)", Assert.Throws<AaeException>(() => CodesFile.Load(path)).Message);
    }
}
