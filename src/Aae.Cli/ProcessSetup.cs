using Aae.Config;
using Aae.Runs;

namespace Aae.Cli;

public static partial class AaeCommandLine
{
    /// <summary>
    /// The process-wide settings (threads, glibc's heap, oneDNN) for the run a command trains or
    /// loads, set here at the entry point and never by the library. In a test's process (the CLI
    /// called in process) the test assembly's settings stay as they are.
    /// </summary>
    sealed partial class Commands
    {
        /// <summary>What the last set-up did, for the run's run.log.</summary>
        IReadOnlyList<string> processNotes = [];

        IReadOnlyList<string> SetUpProcess(int threads, bool exactConvolutions) =>
            processNotes = ownsProcess ? ProcessSettings.Apply(threads, exactConvolutions) : [];

        IReadOnlyList<string> SetUpProcess(RunConfig config) =>
            SetUpProcess(config.Training.Threads, config.Networks.NeedsExactConvolutions);

        /// <summary>For a command on a run folder: the settings it recorded, with --threads when given.</summary>
        IReadOnlyList<string> SetUpProcessFor(string runPath, int? threads)
        {
            var config = RunFolder.Open(runPath).LoadInfo().Config;
            return SetUpProcess(threads ?? config.Training.Threads, config.Networks.NeedsExactConvolutions);
        }
    }
}
