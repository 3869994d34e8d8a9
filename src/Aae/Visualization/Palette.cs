namespace Aae.Visualization;

/// <summary>Ten distinct colours (matplotlib's tab10), so digit k has the same colour in every figure.</summary>
public static class Palette
{
    static readonly string[] Hex =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    public static ScottPlot.Color Class(int k) => ScottPlot.Color.FromHex(Hex[k % Hex.Length]);

    /// <summary>The same colour as "#rrggbb", for SVG and HTML.</summary>
    public static string Css(int k) => Hex[k % Hex.Length];
}
