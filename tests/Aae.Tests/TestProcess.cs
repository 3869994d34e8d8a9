using System.Runtime.CompilerServices;

namespace Aae.Tests;

/// <summary>
/// The test assembly's process-wide settings, set once before any test runs: the library never
/// changes them, so no test depends on which others ran before it or beside it.
/// </summary>
static class TestProcess
{
    /// <summary>2 threads, as the runs in docs/; oneDNN off since most conv tests train narrow (F = 4 or 8) networks, which need it.</summary>
    public const int Threads = 2;

    [ModuleInitializer]
    internal static void SetUp() => Notes = ProcessSettings.Apply(Threads, exactConvolutions: true);

    /// <summary>What <see cref="ProcessSettings.Apply"/> reported.</summary>
    public static IReadOnlyList<string> Notes { get; private set; } = [];
}
