using Aae.Evaluation;
using Aae.Families;
using static TorchSharp.torch;

namespace Aae.Visualization;

/// <summary>
/// The swap grid of a model whose code has an identity part and a style part (<see cref="IHasCodeParts"/>):
/// the top row shows the style images, the left column the identity images, and each cell the face
/// drawn from its row's identity and its column's style. Along a row the person should stay the same,
/// down a column the pose, light and background.
/// </summary>
public static class SwapFigure
{
    public static void Save(string path, ModelFamily model, Tensor identityImages, Tensor identityCodes, Tensor styleImages, Tensor styleCodes, string caption)
    {
        using var scope = NewDisposeScope();
        var parts = (model as IHasCodeParts)?.CodeParts is [var who, ..] ? who
            : throw new AaeException($"a swap needs a model whose code has an identity part (an identity-aae run), not {model.GetType().Name}");
        long rows = identityCodes.shape[0], columns = styleCodes.shape[0];
        var swapped = styleCodes.unsqueeze(0).expand(rows, columns, styleCodes.shape[1]).clone();
        swapped.narrow(2, parts.Start, parts.Length).copy_(identityCodes.narrow(1, parts.Start, parts.Length).unsqueeze(1).expand(rows, columns, parts.Length));
        var decoded = Encoding.Decode(model, swapped.reshape(rows * columns, -1)).view(rows, columns, -1, identityImages.shape[2], identityImages.shape[3]);
        // Row 0: a blank corner, then the styles; row r: identity r, then its swaps.
        var blank = ones_like(styleImages[..1]);
        var top = cat([blank, styleImages]).unsqueeze(0);
        var body = cat([identityImages.unsqueeze(1), decoded], 1);
        var cells = cat([top, body]).flatten(0, 1);
        using var grid = ImageGrid.Render(cells, (int)columns + 1, scale: 2);
        using var figure = Png.SideBySide([(grid, caption)]);
        Png.Save(figure, path);
    }
}
