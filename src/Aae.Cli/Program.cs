namespace Aae.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        StopSignals.Install(Console.Error);
        return AaeCommandLine.Run(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected, ownsProcess: true);
    }
}
