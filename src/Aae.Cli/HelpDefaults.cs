using Aae.Config;
using Aae.Families;
using Aae.Runs;

namespace Aae.Cli;

/// <summary>
/// Which configuration `run --help` (and `import --help`) shows as the options' defaults: the preset named on the
/// command line, the --config file given, else the built-in defaults (mnist-gaussian's), with the family --family names;
/// the family also decides which family options the command takes.
/// </summary>
static class HelpDefaults
{
    public static (RunConfig Config, string Source) For(string[] args)
    {
        var (config, source) = Starting(args);
        // --family picks whose options the command line has (and its defaults).
        int family = Array.IndexOf(args, "--family");
        if (family >= 0 && family + 1 < args.Length && ModelFamilies.Names.Contains(args[family + 1]))
            config = Settings.Find("--family", config.Family.Name).Apply(config, args[family + 1]);
        return (config, source);
    }

    static (RunConfig Config, string Source) Starting(string[] args)
    {
        var fallback = (Presets.Find("mnist-gaussian").Config, "mnist-gaussian");
        if (args.Length == 0 || args[0] is not ("run" or "import")) return fallback;
        int config = Array.IndexOf(args, "--config");
        if (config >= 0 && config + 1 < args.Length)
        {
            try
            {
                return (RunInfo.Read(args[config + 1]).Config, "config");
            }
            catch (AaeException)
            {
                return fallback;  // the run itself reports the unreadable file
            }
        }
        var preset = args.Skip(1).FirstOrDefault(a => Presets.All.Any(p => p.Name == a));
        return preset is null ? fallback : (Presets.Find(preset).Config, preset);
    }
}
