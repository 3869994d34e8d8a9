using Aae.Training;
using static TorchSharp.torch;

namespace Aae.Tests;

public sealed class SoftplusTests
{
    [Fact]
    public void SoftplusAndItsGradientEqualTheTextbookFormulas()
    {
        double[] points = [-50, -3, -1e-3, 2, 30, 100];
        var x = tensor(points.Select(v => (float)v).ToArray()).requires_grad_();
        var y = SafeSoftplus.Of(x);
        y.sum().backward();
        var values = y.data<float>().ToArray();
        var gradients = x.grad!.data<float>().ToArray();
        for (int i = 0; i < points.Length; i++)
        {
            // log(1 + e^x) and its derivative, the logistic function, in double precision.
            double expected = points[i] > 30 ? points[i] + Math.Log(1 + Math.Exp(-points[i])) : Math.Log(1 + Math.Exp(points[i]));
            Assert.Equal(expected, values[i], Math.Max(1e-6, Math.Abs(expected) * 1e-6));
            Assert.Equal(1 / (1 + Math.Exp(-points[i])), gradients[i], 1e-6);
        }
    }
}
