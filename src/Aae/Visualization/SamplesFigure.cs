using Aae.Evaluation;
using Aae.Families;
using Aae.Priors;
using static TorchSharp.torch;

namespace Aae.Visualization;

/// <summary>Prior draws decoded into a grid: square, or one column per class when the decoder takes a class.</summary>
public static class SamplesFigure
{
    public static void Save(string path, ModelFamily model, int count, Generator generator)
    {
        using var scope = NewDisposeScope();
        Save(path, model, model.Prior.SampleAnyComponent(count, generator));
    }

    /// <summary>Given codes decoded into the grid (drawn from anything: the prior, a density fitted to the codes).</summary>
    public static void Save(string path, ModelFamily model, Tensor codes)
    {
        using var scope = NewDisposeScope();
        int columns = model.DecoderClasses() > 0 ? model.DecoderClasses() : (int)Math.Ceiling(Math.Sqrt(codes.shape[0]));
        using var grid = ImageGrid.Render(Encoding.DecodeDraws(model, codes), columns, scale: 2);
        Png.Save(grid, path);
    }
}
