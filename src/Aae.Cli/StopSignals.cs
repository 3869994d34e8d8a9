using System.Runtime.InteropServices;
using Aae.Runs;

namespace Aae.Cli;

/// <summary>
/// SIGINT and SIGTERM for the whole process, set up by Program.Main. While training listens
/// (<see cref="Interruption"/>) they cancel its token, and it stops after the current batch; at any other time (loading,
/// evaluation, figures, walks, exports) they end the process at once with one line, the temporary
/// files of unfinished writes removed, exit 130 or 143. A SIGINT that the process inherited as
/// ignored (a job started in the background by a script) is set back to its default first: .NET
/// would otherwise keep ignoring it, and `kill -INT` would do nothing to such a run.
/// </summary>
static class StopSignals
{
    // One handler per signal decides between the two: with a second handler for training, the
    // training could end and stop listening between the two, and one signal printed both lines.
    static CancellationTokenSource? listener;
    static PosixSignalRegistration? interrupt, terminate;

    public static bool Installed => interrupt is not null;

    /// <summary>What the line adds after "stopped by SIGx", such as how to finish the run; empty when nothing is to be said.</summary>
    public static volatile string Hint = "";

    public static void Install(TextWriter error)
    {
        if (OperatingSystem.IsWindows()) return;
        RestoreDefault(SignalInterrupt);
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, "SIGINT", 130, error));
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, "SIGTERM", 143, error));
    }

    /// <summary>A signal cancels <paramref name="source"/> from here until the returned scope ends.</summary>
    public static IDisposable Listening(CancellationTokenSource source)
    {
        Volatile.Write(ref listener, source);
        return new Scope(source);
    }

    sealed class Scope(CancellationTokenSource source) : IDisposable
    {
        public void Dispose() => Interlocked.CompareExchange(ref listener, null, source);
    }

    static void Stop(PosixSignalContext context, string name, int code, TextWriter error)
    {
        context.Cancel = true;
        if (Volatile.Read(ref listener) is { } source)
        {
            try
            {
                source.Cancel();
                return;
            }
            catch (ObjectDisposedException)
            {
                // Training ended while the signal was on its way: it stops what follows instead.
            }
        }
        AtomicFile.AbandonAll();
        error.WriteLine($"aae: stopped by {name}{Hint}; no half-written file is left");
        error.Flush();
        Environment.Exit(code);
    }

    const int SignalInterrupt = 2;

    static void RestoreDefault(int signal) => SetDisposition(signal, IntPtr.Zero);

    // signal(2) with SIG_DFL (0); called once, before the registrations, which then install the runtime's handler.
    [DllImport("libc", EntryPoint = "signal")]
    static extern IntPtr SetDisposition(int signal, IntPtr handler);
}
