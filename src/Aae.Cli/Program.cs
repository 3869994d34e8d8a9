using static TorchSharp.torch;
var x = randn(3, 3);
Console.WriteLine(x.sum().item<float>());
var p = new ScottPlot.Plot(); p.Add.Scatter(new double[]{1,2,3}, new double[]{1,4,9}); p.Title("hello"); p.SavePng("/tmp/t.png", 400, 300);
