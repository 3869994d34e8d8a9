using System.Buffers.Binary;
using System.Text;

namespace Aae.Tests;

/// <summary>
/// A minimal reader of TensorBoard event files, written from the format's description (not from
/// the writer), so the tests check the bytes TensorBoard would read: TFRecord framing with both
/// masked CRC32C checksums, Event and Summary protobuf messages, scalar values.
/// </summary>
static class TensorBoardEventReader
{
    /// <summary>One event of the file: a scalar (Tag set) or the file_version header (FileVersion set).</summary>
    public sealed record Event(double WallTime, long Step, string? FileVersion, string? Tag, double? Value);

    public static List<Event> Read(string path) => Records(File.ReadAllBytes(path)).SelectMany(ParseEvent).ToList();

    /// <summary>TFRecords: uint64 length, masked CRC32C of those 8 bytes, the data, masked CRC32C of the data (all little-endian).</summary>
    public static IEnumerable<byte[]> Records(byte[] file)
    {
        int at = 0;
        while (at < file.Length)
        {
            if (file.Length - at < 12) throw new InvalidDataException($"truncated record header at byte {at}");
            var lengthBytes = file.AsSpan(at, 8);
            long length = BinaryPrimitives.ReadInt64LittleEndian(lengthBytes);
            uint lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 8, 4));
            if (lengthCrc != Masked(Crc32C(lengthBytes))) throw new InvalidDataException($"bad length checksum at byte {at}");
            if (length < 0 || file.Length - at - 12 < length + 4) throw new InvalidDataException($"truncated record at byte {at}");
            var data = file.AsSpan(at + 12, (int)length).ToArray();
            uint dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 12 + (int)length, 4));
            if (dataCrc != Masked(Crc32C(data))) throw new InvalidDataException($"bad data checksum at byte {at}");
            yield return data;
            at += 12 + (int)length + 4;
        }
    }

    /// <summary>CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), bit by bit.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
        }
        return ~crc;
    }

    public static uint Masked(uint crc) => ((crc >> 15) | (crc << 17)) + 0xa282ead8;

    /// <summary>Event: 1 wall_time (double), 2 step (int64), 3 file_version (string), 5 summary (Summary).</summary>
    static IEnumerable<Event> ParseEvent(byte[] data)
    {
        double wallTime = 0;
        long step = 0;
        string? fileVersion = null;
        var values = new List<(string Tag, double? Value)>();
        foreach (var field in Fields(data))
        {
            switch (field.Number)
            {
                case 1: wallTime = BitConverter.Int64BitsToDouble((long)field.Fixed); break;
                case 2: step = (long)field.Varint; break;
                case 3: fileVersion = Encoding.UTF8.GetString(field.Bytes!); break;
                case 5:
                    // Summary: repeated field 1, Value.
                    values.AddRange(Fields(field.Bytes!).Where(f => f.Number == 1).Select(f => ParseValue(f.Bytes!)));
                    break;
            }
        }
        if (fileVersion is not null) yield return new Event(wallTime, step, fileVersion, null, null);
        foreach (var (tag, value) in values) yield return new Event(wallTime, step, null, tag, value);
    }

    /// <summary>Summary.Value: 1 tag, 2 simple_value (float), or 8 tensor (TensorProto: 5 float_val, 6 double_val).</summary>
    static (string Tag, double? Value) ParseValue(byte[] data)
    {
        string tag = "";
        double? value = null;
        foreach (var field in Fields(data))
        {
            if (field.Number == 1) tag = Encoding.UTF8.GetString(field.Bytes!);
            else if (field.Number == 2) value = BitConverter.Int32BitsToSingle((int)field.Fixed);
            else if (field.Number == 8) value = ParseTensor(field.Bytes!);
        }
        return (tag, value);
    }

    static double? ParseTensor(byte[] data)
    {
        foreach (var field in Fields(data))
        {
            // Repeated scalars may come packed (one length-delimited field) or one by one.
            if (field.Number == 5)
                return field.Bytes is { } packed ? BitConverter.ToSingle(packed, 0) : BitConverter.Int32BitsToSingle((int)field.Fixed);
            if (field.Number == 6)
                return field.Bytes is { } packed ? BitConverter.ToDouble(packed, 0) : BitConverter.Int64BitsToDouble((long)field.Fixed);
        }
        return null;
    }

    /// <summary>A protobuf field: its number and, by wire type, a varint, a fixed 32/64-bit value or bytes.</summary>
    record struct Field(int Number, ulong Varint, ulong Fixed, byte[]? Bytes);

    static List<Field> Fields(byte[] data)
    {
        var fields = new List<Field>();
        int at = 0;
        while (at < data.Length)
        {
            ulong key = ReadVarint(data, ref at);
            int number = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0: fields.Add(new Field(number, ReadVarint(data, ref at), 0, null)); break;
                case 1: fields.Add(new Field(number, 0, BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(at, 8)), null)); at += 8; break;
                case 2:
                    int length = (int)ReadVarint(data, ref at);
                    fields.Add(new Field(number, 0, 0, data.AsSpan(at, length).ToArray()));
                    at += length;
                    break;
                case 5: fields.Add(new Field(number, 0, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at, 4)), null)); at += 4; break;
                default: throw new InvalidDataException($"unexpected wire type {key & 7} at byte {at}");
            }
        }
        return fields;
    }

    static ulong ReadVarint(byte[] data, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
    }
}
