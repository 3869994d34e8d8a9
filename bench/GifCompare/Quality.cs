namespace GifCompare;

/// <summary>How far decoded GIF frames are from the frames given to the encoder.</summary>
static class Quality
{
    /// <param name="MeanAbsoluteError">Mean |decoded - original| per channel, in 0-255 levels.</param>
    /// <param name="Psnr">Peak signal-to-noise ratio over all frames, dB.</param>
    /// <param name="Flicker">Mean |change between consecutive decoded frames - change between the originals|:
    /// what the quantiser adds to the motion (palette jumps, dither patterns that crawl).</param>
    public sealed record Result(double MeanAbsoluteError, double Psnr, double Flicker);

    public static Result Measure(IReadOnlyList<byte[]> originals, IReadOnlyList<byte[]> decoded)
    {
        double absolute = 0, squared = 0, flicker = 0;
        long values = 0, flickerValues = 0;
        for (int f = 0; f < originals.Count; f++)
        {
            var o = originals[f];
            var d = decoded[f];
            for (int i = 0; i < o.Length; i++)
            {
                int e = d[i] - o[i];
                absolute += Math.Abs(e);
                squared += e * e;
            }
            values += o.Length;
            if (f == 0) continue;
            var po = originals[f - 1];
            var pd = decoded[f - 1];
            for (int i = 0; i < o.Length; i++) flicker += Math.Abs((d[i] - pd[i]) - (o[i] - po[i]));
            flickerValues += o.Length;
        }
        double mse = squared / values;
        return new Result(absolute / values, 10 * Math.Log10(255.0 * 255.0 / mse), flicker / flickerValues);
    }
}
