using System.Net;
using System.Net.Sockets;
using System.Text;

using static Aae.Tests.TestCli;

namespace Aae.Tests;

/// <summary>SIGTERM and Ctrl-C (SIGINT) on a real process: a message, exit code 130, nothing lost, nothing partial left.</summary>
public sealed class InterruptionTests
{
    /// <summary>Answers any request with headers for a 10 MB body, sends 64 KB of it, then stalls until disposed.</summary>
    sealed class StallingServer : IDisposable
    {
        readonly TcpListener listener = new(IPAddress.Loopback, 0);
        readonly CancellationTokenSource stop = new();

        public StallingServer()
        {
            listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/";

        async Task ServeAsync()
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var client = await listener.AcceptTcpClientAsync(stop.Token);
                    _ = Task.Run(async () =>
                    {
                        using (client)
                        {
                            var stream = client.GetStream();
                            var buffer = new byte[4096];
                            _ = await stream.ReadAsync(buffer, stop.Token);  // the request; its content does not matter
                            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n"), stop.Token);
                            await stream.WriteAsync(new byte[65536], stop.Token);
                            await Task.Delay(Timeout.Infinite, stop.Token);
                        }
                    });
                }
            }
            catch (OperationCanceledException) { }
            catch (ObjectDisposedException) { }
        }

        public void Dispose()
        {
            stop.Cancel();
            listener.Stop();
        }
    }

    const int SigInt = 2, SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc")]
    static extern int kill(int pid, int signal);

    [Fact]
    public async Task SigtermDuringADownloadSaysSoAndLeavesNoPartialFile()
    {
        using var server = new StallingServer();
        var data = TestData.NewFolder("aae-download");
        using var process = StartAaeProcess(new Dictionary<string, string> { ["AAE_MNIST_MIRROR"] = server.BaseUrl },
            "data", "fetch", "mnist", "--data-dir", data);
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        var part = Path.Combine(data, "mnist", "train-images-idx3-ubyte.gz.part");
        for (int i = 0; i < 300 && !File.Exists(part); i++) await Task.Delay(50);
        Assert.True(File.Exists(part), "the download never started");

        Assert.Equal(0, kill(process.Id, SigTerm));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(130, process.ExitCode);
        AssertOneLineError(await error, "interrupted");
        Assert.False(File.Exists(part), "the partial file was left behind");
        await output;
    }

    [Theory]
    [InlineData(SigInt)]
    [InlineData(SigTerm)]
    public async Task ASignalDuringTrainingKeepsTheLastEpochAndResumeFinishes(int signal)
    {
        var outDir = Path.Combine(TestData.NewFolder("aae-signal"), "run");
        using var process = StartAaeProcess(null, QuickRun("mnist-gaussian", outDir, "--epochs", "200"));
        var error = process.StandardError.ReadToEndAsync();
        var history = Path.Combine(outDir, "history.csv");
        for (int i = 0; i < 600 && !(File.Exists(history) && File.ReadAllLines(history).Length >= 3); i++) await Task.Delay(50);
        Assert.Equal(0, kill(process.Id, signal));
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(130, process.ExitCode);
        AssertOneLineError(await error, "interrupted after epoch", "aae resume");
        int epochs = Aae.Runs.RunFolder.Open(outDir).LoadHistory().Count;
        Assert.InRange(epochs, 2, 199);

        var resumed = RunAae("resume", outDir, "--epochs", (epochs + 1).ToString(), "--data-dir", TestData.MnistSlice);
        Assert.True(resumed.Code == 0, resumed.Error);
        Assert.Equal(epochs + 1, Aae.Runs.RunFolder.Open(outDir).LoadHistory().Count);
    }
}
