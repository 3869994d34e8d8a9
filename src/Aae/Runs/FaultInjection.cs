using System.Collections.Concurrent;
using System.Diagnostics;

namespace Aae.Runs;

/// <summary>
/// Lets tests kill the process at a chosen write of a run folder, as kill -9 would: with
/// AAE_FAULT_AT=&lt;file&gt;:&lt;written|renamed&gt;#&lt;n&gt; the process kills itself the n-th time that file's
/// temporary copy is written, or renamed into place; with a ":hold" after the count it stops there
/// for ten minutes instead, for a test to signal it mid-write. Read once; a normal run pays one null check.
/// </summary>
static class FaultInjection
{
    public const string Variable = "AAE_FAULT_AT";

    static readonly string? target = Environment.GetEnvironmentVariable(Variable);
    static readonly ConcurrentDictionary<string, int> counts = new();

    public static void At(string path, string stage)
    {
        if (target is null) return;
        var point = $"{Path.GetFileName(path)}:{stage}";
        int count = counts.AddOrUpdate(point, 1, (_, n) => n + 1);
        if (target == $"{point}#{count}") Process.GetCurrentProcess().Kill();
        if (target == $"{point}#{count}:hold") Thread.Sleep(TimeSpan.FromMinutes(10));
    }
}
