namespace Aae.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM, while listened for, cancel <see cref="Token"/> instead of ending the
/// process, so training stops after the current batch with its last checkpoint kept, and a download
/// removes its partial file, each with a message. On Unix <see cref="StopSignals"/> routes the
/// signals here; elsewhere Ctrl-C comes through the console.
/// </summary>
sealed class Interruption : IDisposable
{
    readonly CancellationTokenSource source = new();
    readonly IDisposable listening;
    readonly ConsoleCancelEventHandler? onCancel;

    public Interruption()
    {
        listening = StopSignals.Listening(source);
        if (StopSignals.Installed) return;
        onCancel = (_, e) =>
        {
            e.Cancel = true;
            source.Cancel();
        };
        Console.CancelKeyPress += onCancel;
    }

    public CancellationToken Token => source.Token;

    public void Dispose()
    {
        if (onCancel is not null) Console.CancelKeyPress -= onCancel;
        listening.Dispose();
        source.Dispose();
    }
}
