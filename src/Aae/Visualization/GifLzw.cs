namespace Aae.Visualization;

/// <summary>
/// GIF's variant of LZW compression: variable-width codes (minimum code size + 1 bits, growing to 12),
/// a clear code when the code table is full, codes packed least significant bit first into
/// sub-blocks of at most 255 bytes.
/// </summary>
internal static class GifLzw
{
    const int MaxCode = 4095; // codes are at most 12 bits

    /// <summary>Writes the image data of one frame: the minimum code size byte, the sub-blocks, the empty terminator block.</summary>
    /// <param name="indices">Palette index of every pixel, each below 2^<paramref name="minCodeSize"/>.</param>
    /// <param name="minCodeSize">Bits per palette index, 2 to 8.</param>
    public static void Write(Stream output, ReadOnlySpan<byte> indices, int minCodeSize)
    {
        if (minCodeSize is < 2 or > 8) throw new ArgumentOutOfRangeException(nameof(minCodeSize));
        if (indices.IsEmpty) throw new ArgumentException("a frame needs at least one pixel", nameof(indices));
        output.WriteByte((byte)minCodeSize);

        int clear = 1 << minCodeSize, end = clear + 1;
        var codes = new Dictionary<int, int>(); // (prefix code << 8 | next index) -> code of that string
        int codeSize = minCodeSize + 1, next = end + 1;
        var bits = new SubBlockWriter(output);
        bits.Write(clear, codeSize);

        int prefix = indices[0];
        for (int i = 1; i < indices.Length; i++)
        {
            int key = (prefix << 8) | indices[i];
            if (codes.TryGetValue(key, out var code))
            {
                prefix = code;
                continue;
            }
            bits.Write(prefix, codeSize);
            codes.Add(key, next++);
            // The decoder adds each entry one code later than we do, so it widens its codes exactly
            // when we start writing codes that need the extra bit.
            if (next > 1 << codeSize && codeSize < 12) codeSize++;
            if (next > MaxCode)
            {
                bits.Write(clear, codeSize);
                codes.Clear();
                codeSize = minCodeSize + 1;
                next = end + 1;
            }
            prefix = indices[i];
        }
        bits.Write(prefix, codeSize);
        bits.Write(end, codeSize);
        bits.Flush();
        output.WriteByte(0); // block terminator
    }

    /// <summary>Packs codes LSB first and writes them as length-prefixed blocks of up to 255 bytes.</summary>
    sealed class SubBlockWriter(Stream output)
    {
        readonly byte[] block = new byte[256];
        int blockLength, pending, pendingBits;

        public void Write(int code, int size)
        {
            pending |= code << pendingBits;
            pendingBits += size;
            while (pendingBits >= 8)
            {
                Add((byte)pending);
                pending >>= 8;
                pendingBits -= 8;
            }
        }

        public void Flush()
        {
            if (pendingBits > 0) Add((byte)pending);
            pending = pendingBits = 0;
            WriteBlock();
        }

        void Add(byte value)
        {
            block[1 + blockLength++] = value;
            if (blockLength == 255) WriteBlock();
        }

        void WriteBlock()
        {
            if (blockLength == 0) return;
            block[0] = (byte)blockLength;
            output.Write(block, 0, blockLength + 1);
            blockLength = 0;
        }
    }
}
