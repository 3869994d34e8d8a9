using System.Runtime.InteropServices;
using Aae.Runs;

namespace Aae.Cli;

/// <summary>
/// SIGINT and SIGTERM for the whole process, set up by Program.Main. While training listens
/// (<see cref="Interruption"/>) they stop it after the current batch; at any other time (loading,
/// evaluation, figures, walks, exports) they end the process at once with one line, the temporary
/// files of unfinished writes removed, exit 130 or 143. A SIGINT that the process inherited as
/// ignored (a job started in the background by a script) is set back to its default first: .NET
/// would otherwise keep ignoring it, and `kill -INT` would do nothing to such a run.
/// </summary>
static class StopSignals
{
    static int listening;
    static PosixSignalRegistration? interrupt, terminate;

    /// <summary>What the line adds after "stopped by SIGx", such as how to finish the run; empty when nothing is to be said.</summary>
    public static volatile string Hint = "";

    public static void Install(TextWriter error)
    {
        if (OperatingSystem.IsWindows()) return;
        RestoreDefault(SignalInterrupt);
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, "SIGINT", 130, error));
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, "SIGTERM", 143, error));
    }

    /// <summary>Training listens from here until the returned scope ends: the signal is its to handle.</summary>
    public static IDisposable Listening()
    {
        Interlocked.Increment(ref listening);
        return new Scope();
    }

    sealed class Scope : IDisposable
    {
        int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) Interlocked.Decrement(ref listening);
        }
    }

    static void Stop(PosixSignalContext context, string name, int code, TextWriter error)
    {
        if (Volatile.Read(ref listening) > 0) return;
        context.Cancel = true;
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
