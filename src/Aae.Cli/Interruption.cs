using System.Runtime.InteropServices;

namespace Aae.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM, while listened for, cancel <see cref="Token"/> instead of ending the
/// process, so training stops after the current batch with its last checkpoint kept, and a download
/// removes its partial file, each with a message.
/// </summary>
sealed class Interruption : IDisposable
{
    readonly CancellationTokenSource source = new();
    readonly PosixSignalRegistration terminate;
    readonly ConsoleCancelEventHandler onCancel;
    readonly IDisposable listening = StopSignals.Listening();

    public Interruption()
    {
        onCancel = (_, e) =>
        {
            e.Cancel = true;
            source.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            source.Cancel();
        });
    }

    public CancellationToken Token => source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= onCancel;
        terminate.Dispose();
        listening.Dispose();
        source.Dispose();
    }
}
