using Aae.Config;
using Aae.Evaluation;
using Aae.Runs;
using Aae.Training;

namespace Aae.Tests;

/// <summary>Run folders written by the library's own writers without training, for tests of what reads them.</summary>
static class TestRunFolders
{
    public static readonly string[] AaeLosses = ["reconstruction_loss", "discriminator_loss", "generator_loss", "d_on_prior", "d_on_codes"];

    /// <summary>A run folder with config.json, a history of <paramref name="epochsDone"/> made-up epochs and, when given, metrics.json.</summary>
    public static RunFolder Write(string path, RunConfig config, int epochsDone, IReadOnlyList<(string Name, double Value)>? metrics)
    {
        var info = new RunInfo(config, [], RunInfo.CurrentVersions(), new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc));
        var (run, hold) = RunFolder.Create(path, info);
        using (hold)
        {
            run.SaveHistory(History(epochsDone, seed: config.Training.Seed), AaeLosses);
            if (metrics is not null)
            {
                var values = new Metrics();
                foreach (var (name, value) in metrics) values.Add(name, value);
                AtomicFile.WriteAllText(run.MetricsPath, values.ToJson());
            }
        }
        return run;
    }

    /// <summary>Losses that fall with the epoch, different per seed, with digits that float32 cannot hold exactly.</summary>
    public static List<EpochRecord> History(int epochs, long seed) =>
        Enumerable.Range(1, epochs).Select(epoch => new EpochRecord(epoch, AaeLosses,
            AaeLosses.Select((_, i) => 0.1 / epoch + 0.01 * i + 0.001 * seed + 1e-9).ToArray(), 1.5 + 0.25 * epoch)).ToList();
}
