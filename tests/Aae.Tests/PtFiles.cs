using System.IO.Compression;
using System.Text;

namespace Aae.Tests;

/// <summary>
/// Writes pickles opcode by opcode, and torch.save archives around them: PyTorch's own layout
/// (archive/data.pkl, archive/data/&lt;key&gt;) with any content, honest or hostile.
/// </summary>
sealed class PickleBytes
{
    readonly MemoryStream bytes = new();

    public PickleBytes() => Op(0x80, 2);  // PROTO 2

    public PickleBytes Op(params byte[] raw)
    {
        bytes.Write(raw);
        return this;
    }

    public PickleBytes Text(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        Op((byte)'X').Op(BitConverter.GetBytes(utf8.Length));
        return Op(utf8);
    }

    public PickleBytes Int(int value) => Op((byte)'J').Op(BitConverter.GetBytes(value));
    public PickleBytes Global(string module, string name) => Op((byte)'c').Op(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
    public PickleBytes Put(int index) => Op((byte)'r').Op(BitConverter.GetBytes(index));
    public PickleBytes Get(int index) => Op((byte)'j').Op(BitConverter.GetBytes(index));
    public PickleBytes Mark() => Op((byte)'(');
    public PickleBytes Tuple() => Op((byte)'t');
    public PickleBytes EmptyDict() => Op((byte)'}');
    public PickleBytes SetItem() => Op((byte)'s');
    public PickleBytes SetItems() => Op((byte)'u');

    /// <summary>A tensor as torch.save pickles one: _rebuild_tensor_v2(storage, offset, shape, stride, False, OrderedDict()).</summary>
    public PickleBytes Tensor(string key, int count, int offset, int[] shape, int[] stride, string storage = "FloatStorage")
    {
        Global("torch._utils", "_rebuild_tensor_v2").Mark();
        Mark().Text("storage").Global("torch", storage).Text(key).Text("cpu").Int(count).Tuple().Op((byte)'Q');
        Int(offset).Mark();
        foreach (var d in shape) Int(d);
        Tuple().Mark();
        foreach (var s in stride) Int(s);
        Tuple().Op(0x89).Global("collections", "OrderedDict").Op((byte)')').Op((byte)'R');
        return Tuple().Op((byte)'R');
    }

    public byte[] Stop() => [.. bytes.ToArray(), (byte)'.'];
}

static class PtFiles
{
    /// <summary>A torch.save archive: the pickle, and storages stored (as torch.save does) or deflated.</summary>
    public static byte[] Archive(byte[] pickle, params (string Key, byte[] Data, bool Deflated)[] storages)
    {
        using var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "archive/data.pkl", pickle, false);
            foreach (var (key, data, deflated) in storages) Add(zip, "archive/data/" + key, data, deflated);
            Add(zip, "archive/version", "3\n"u8.ToArray(), false);
        }
        return file.ToArray();
    }

    static void Add(ZipArchive zip, string name, byte[] data, bool deflated)
    {
        using var entry = zip.CreateEntry(name, deflated ? CompressionLevel.Fastest : CompressionLevel.NoCompression).Open();
        entry.Write(data);
    }

    public static byte[] Floats(params float[] values) => [.. values.SelectMany(BitConverter.GetBytes)];
}
