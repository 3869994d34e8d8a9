namespace Aae.Visualization;

/// <summary>
/// Reduces an RGB image to at most 256 colours chosen for that image (an adaptive palette), as GIF needs.
/// </summary>
/// <remarks>
/// An image with at most 256 distinct colours keeps them exactly. Otherwise: variance-based median cut
/// (Wan, Wong and Prusinkiewicz, 1988). The colours are counted in a 32x32x32 histogram; starting from
/// one box holding them all, the box with the largest squared error is split in two along its channel
/// of largest variance, at the point that leaves the least squared error, until there are 256 boxes.
/// Each box contributes the mean of its pixels' exact colours; each pixel then takes its nearest
/// palette colour. No dithering.
/// </remarks>
internal static class ColorQuantizer
{
    public const int MaxColors = 256;

    /// <summary>The palette (RGB triples, at most 256 colours) and each pixel's index into it.</summary>
    public sealed record Quantized(byte[] Palette, byte[] Indices)
    {
        public int ColorCount => Palette.Length / 3;
    }

    /// <param name="rgb">Pixels as R, G, B bytes, row by row.</param>
    public static Quantized Quantize(ReadOnlySpan<byte> rgb)
    {
        if (rgb.Length == 0 || rgb.Length % 3 != 0) throw new ArgumentException("expected whole RGB pixels", nameof(rgb));
        return TryExact(rgb) ?? Map(rgb, MedianCut(rgb));
    }

    static int Pack(ReadOnlySpan<byte> rgb, int pixel) => (rgb[3 * pixel] << 16) | (rgb[3 * pixel + 1] << 8) | rgb[3 * pixel + 2];

    /// <summary>The lossless result when the image has at most 256 distinct colours, else null.</summary>
    static Quantized? TryExact(ReadOnlySpan<byte> rgb)
    {
        int pixels = rgb.Length / 3;
        var indexOf = new Dictionary<int, byte>();
        var indices = new byte[pixels];
        for (int p = 0; p < pixels; p++)
        {
            int color = Pack(rgb, p);
            if (!indexOf.TryGetValue(color, out var index))
            {
                if (indexOf.Count == MaxColors) return null;
                index = (byte)indexOf.Count;
                indexOf.Add(color, index);
            }
            indices[p] = index;
        }
        var palette = new byte[3 * indexOf.Count];
        foreach (var (color, index) in indexOf)
        {
            palette[3 * index] = (byte)(color >> 16);
            palette[3 * index + 1] = (byte)(color >> 8);
            palette[3 * index + 2] = (byte)color;
        }
        return new Quantized(palette, indices);
    }

    /// <summary>Running sums over a set of pixels, enough for their mean and squared error.</summary>
    struct Moments
    {
        public long Count, R, G, B, SquareSum;

        public void Add(in Moments other)
        {
            Count += other.Count; R += other.R; G += other.G; B += other.B; SquareSum += other.SquareSum;
        }

        public readonly double Mean(int channel) => (channel == 0 ? R : channel == 1 ? G : B) / (double)Count;

        /// <summary>Sum over the pixels of the squared distance to their mean colour.</summary>
        public readonly double SquaredError =>
            Count == 0 ? 0 : SquareSum - ((double)R * R + (double)G * G + (double)B * B) / Count;
    }

    static byte[] MedianCut(ReadOnlySpan<byte> rgb)
    {
        var histogram = new Moments[1 << 15];
        for (int p = 0; p < rgb.Length / 3; p++)
        {
            int r = rgb[3 * p], g = rgb[3 * p + 1], b = rgb[3 * p + 2];
            ref var bin = ref histogram[((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3)];
            bin.Count++; bin.R += r; bin.G += g; bin.B += b; bin.SquareSum += r * r + g * g + b * b;
        }
        var occupied = Enumerable.Range(0, histogram.Length).Where(i => histogram[i].Count > 0).ToArray();

        var boxes = new List<int[]> { occupied };
        var errors = new List<double> { Total(histogram, occupied).SquaredError };
        while (boxes.Count < MaxColors)
        {
            int worst = -1;
            for (int k = 0; k < boxes.Count; k++)
                if (boxes[k].Length > 1 && errors[k] > 0 && (worst < 0 || errors[k] > errors[worst])) worst = k;
            if (worst < 0) break; // every box is a single histogram bin
            var (left, right) = Split(histogram, boxes[worst]);
            boxes[worst] = left;
            errors[worst] = Total(histogram, left).SquaredError;
            boxes.Add(right);
            errors.Add(Total(histogram, right).SquaredError);
        }

        var palette = new byte[3 * boxes.Count];
        for (int k = 0; k < boxes.Count; k++)
        {
            var total = Total(histogram, boxes[k]);
            for (int channel = 0; channel < 3; channel++)
                palette[3 * k + channel] = (byte)Math.Round(total.Mean(channel));
        }
        return palette;
    }

    static Moments Total(Moments[] histogram, int[] bins)
    {
        var total = new Moments();
        foreach (var bin in bins) total.Add(histogram[bin]);
        return total;
    }

    /// <summary>Splits a box's bins along its channel of largest variance where the two halves' squared error is least.</summary>
    static (int[] Left, int[] Right) Split(Moments[] histogram, int[] bins)
    {
        var total = Total(histogram, bins);
        int axis = 0;
        double largest = -1;
        for (int channel = 0; channel < 3; channel++)
        {
            double mean = total.Mean(channel), variance = 0;
            foreach (var bin in bins)
            {
                double d = histogram[bin].Mean(channel) - mean;
                variance += histogram[bin].Count * d * d;
            }
            if (variance > largest) (largest, axis) = (variance, channel);
        }

        var sorted = bins.OrderBy(bin => histogram[bin].Mean(axis)).ToArray();
        var before = new Moments();
        double best = double.MaxValue;
        int cut = 1;
        for (int i = 1; i < sorted.Length; i++)
        {
            before.Add(histogram[sorted[i - 1]]);
            var after = total;
            after.Count -= before.Count; after.R -= before.R; after.G -= before.G; after.B -= before.B;
            after.SquareSum -= before.SquareSum;
            double error = before.SquaredError + after.SquaredError;
            if (error < best) (best, cut) = (error, i);
        }
        return (sorted[..cut], sorted[cut..]);
    }

    /// <summary>Gives each pixel the index of its nearest palette colour (computed once per distinct colour).</summary>
    static Quantized Map(ReadOnlySpan<byte> rgb, byte[] palette)
    {
        int colors = palette.Length / 3;
        var nearest = new Dictionary<int, byte>();
        var indices = new byte[rgb.Length / 3];
        for (int p = 0; p < indices.Length; p++)
        {
            int color = Pack(rgb, p);
            if (!nearest.TryGetValue(color, out var index))
            {
                int r = color >> 16, g = (color >> 8) & 0xFF, b = color & 0xFF, bestDistance = int.MaxValue;
                for (int k = 0; k < colors; k++)
                {
                    int dr = r - palette[3 * k], dg = g - palette[3 * k + 1], db = b - palette[3 * k + 2];
                    int distance = dr * dr + dg * dg + db * db;
                    if (distance < bestDistance) (bestDistance, index) = (distance, (byte)k);
                }
                nearest.Add(color, index);
            }
            indices[p] = index;
        }
        return new Quantized(palette, indices);
    }
}
