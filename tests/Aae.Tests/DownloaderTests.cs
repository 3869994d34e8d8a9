using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Aae.Data;

namespace Aae.Tests;

/// <summary>
/// Downloader tests against a local HTTP server on 127.0.0.1 serving the real MNIST files
/// from the shared datasets folder, so no network is needed.
/// </summary>
public sealed class DownloaderTests : IDisposable
{
    const string LabelsName = "t10k-labels-idx1-ubyte.gz";
    const string LabelsSha256 = "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6";

    static readonly string MnistFolder = Path.Combine(TestData.SharedDatasets, "mnist");
    static readonly byte[] LabelsBytes = File.ReadAllBytes(Path.Combine(MnistFolder, LabelsName));
    static readonly RemoteFile Labels = new(LabelsName, LabelsSha256, LabelsBytes.Length);

    readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("aae-downloader-");
    readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(20) };

    public void Dispose()
    {
        _client.Dispose();
        _work.Delete(recursive: true);
    }

    string Target => Path.Combine(_work.FullName, "mnist");

    Task<DownloadResult> Fetch(LocalServer server, params RemoteFile[] files) =>
        Downloader.FetchFilesAsync(files, [server.BaseUrl], Target, null, _client, CancellationToken.None);

    [Fact]
    public async Task GoodDownload_WritesVerifiedFile_AndReportsProgress()
    {
        using var server = new LocalServer(_ => (200, LabelsBytes));
        var progress = new RecordingProgress();

        var result = await Downloader.FetchFilesAsync(
            [Labels], [server.BaseUrl], Target, progress, _client, CancellationToken.None);

        var path = Path.Combine(Target, LabelsName);
        Assert.Equal(LabelsSha256, Sha256Of(path));
        Assert.Equal([LabelsName], result.Downloaded);
        Assert.Empty(result.Skipped);
        Assert.False(File.Exists(path + ".part"));
        Assert.NotEmpty(progress.Reports);
        Assert.All(progress.Reports, p => Assert.Equal(LabelsName, p.FileName));
        Assert.Equal(0, progress.Reports[0].BytesDone);
        Assert.Equal(LabelsBytes.Length, progress.Reports[^1].BytesDone);
        Assert.Equal(LabelsBytes.Length, progress.Reports[^1].BytesTotal);
    }

    [Fact]
    public async Task WrongChecksum_Throws_NamingTheFile_AndLeavesNoFile()
    {
        using var server = new LocalServer(_ => (200, Corrupted(LabelsBytes)));

        var error = await Assert.ThrowsAsync<AaeException>(() => Fetch(server, Labels));

        Assert.Contains(LabelsName, error.Message);
        Assert.Contains("sha256 mismatch", error.Message);
        Assert.Contains(server.BaseUrl, error.Message);
        Assert.Empty(Directory.GetFiles(Target));
    }

    [Fact]
    public async Task FailedDownload_LeavesExistingFileUntouched()
    {
        // The file on disk is a good old copy; the catalog expects another version, so a download
        // is attempted, and the server delivers damaged bytes.
        Directory.CreateDirectory(Target);
        var path = Path.Combine(Target, LabelsName);
        File.WriteAllBytes(path, LabelsBytes);
        var newerVersion = Labels with { Sha256 = new string('a', 64) };
        using var server = new LocalServer(_ => (200, Corrupted(LabelsBytes)));

        await Assert.ThrowsAsync<AaeException>(() => Fetch(server, newerVersion));

        Assert.Equal(1, server.RequestCount);
        Assert.Equal(LabelsSha256, Sha256Of(path));
        Assert.Equal([path], Directory.GetFiles(Target));
    }

    [Fact]
    public async Task Http404_GivesClearError()
    {
        using var server = new LocalServer(_ => (404, Encoding.UTF8.GetBytes("no such file")));

        var error = await Assert.ThrowsAsync<AaeException>(() => Fetch(server, Labels));

        Assert.Equal($"download of {LabelsName} from {server.BaseUrl}{LabelsName}: HTTP 404 (Not Found)", error.Message);
        Assert.Empty(Directory.GetFiles(Target));
    }

    [Fact]
    public async Task PresentFiles_AreSkipped_WithoutAnyRequest()
    {
        // A good .gz is verified by hash; a decompressed file is trusted as is.
        Directory.CreateDirectory(Target);
        File.WriteAllBytes(Path.Combine(Target, LabelsName), LabelsBytes);
        File.WriteAllBytes(Path.Combine(Target, "t10k-images-idx3-ubyte"), [1, 2, 3]);
        var images = new RemoteFile("t10k-images-idx3-ubyte.gz", new string('b', 64), 1648877);
        using var server = new LocalServer(_ => (500, []));

        var result = await Fetch(server, Labels, images);

        Assert.Equal(0, server.RequestCount);
        Assert.Empty(result.Downloaded);
        Assert.Equal([LabelsName, images.Name], result.Skipped);
        Assert.False(File.Exists(Path.Combine(Target, images.Name)));
    }

    [Fact]
    public async Task BadMirror_FallsBackToTheNextOne()
    {
        using var server = new LocalServer(path => path.StartsWith("good/") ? (200, LabelsBytes) : (404, []));

        var result = await Downloader.FetchFilesAsync(
            [Labels], [server.BaseUrl + "broken", server.BaseUrl + "good/"], Target, null, _client, CancellationToken.None);

        Assert.Equal([LabelsName], result.Downloaded);
        Assert.Equal(LabelsSha256, Sha256Of(Path.Combine(Target, LabelsName)));
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task FileWithoutHash_IsCheckedAsGzippedIdx()
    {
        var unhashed = new RemoteFile(LabelsName, null, null);
        using (var good = new LocalServer(_ => (200, LabelsBytes)))
            Assert.Equal([LabelsName], (await Fetch(good, unhashed)).Downloaded);

        File.Delete(Path.Combine(Target, LabelsName));
        var truncated = Gzip(Ungzip(LabelsBytes)[..^10]);
        using (var bad = new LocalServer(_ => (200, truncated)))
        {
            var error = await Assert.ThrowsAsync<AaeException>(() => Fetch(bad, unhashed));
            Assert.Contains("header announces", error.Message);
        }
        using (var html = new LocalServer(_ => (200, Encoding.UTF8.GetBytes("<html>moved</html>"))))
        {
            var error = await Assert.ThrowsAsync<AaeException>(() => Fetch(html, unhashed));
            Assert.Contains("not a valid gzipped IDX file", error.Message);
        }
        Assert.Empty(Directory.GetFiles(Target));
    }

    [Fact]
    public async Task UnknownDataset_ListsTheKnownOnes()
    {
        var error = await Assert.ThrowsAsync<AaeException>(() => Downloader.FetchAsync("cifar", _work.FullName));

        Assert.Equal("unknown dataset 'cifar' (known: mnist, fashion-mnist)", error.Message);
    }

    [Fact]
    public async Task Mnist_FromMirrorVariable_MatchesTheCatalog_ThenIsSkipped()
    {
        using var server = new LocalServer(path => File.Exists(Path.Combine(MnistFolder, path))
            ? (200, File.ReadAllBytes(Path.Combine(MnistFolder, path)))
            : (404, []));
        var previous = Environment.GetEnvironmentVariable("AAE_MNIST_MIRROR");
        Environment.SetEnvironmentVariable("AAE_MNIST_MIRROR", server.BaseUrl);
        try
        {
            var first = await Downloader.FetchAsync("MNIST", _work.FullName, client: _client);
            var second = await Downloader.FetchAsync("mnist", _work.FullName, client: _client);

            Assert.Equal(Target, first.Directory);
            Assert.Equal(4, first.Downloaded.Count);
            Assert.Equal(first.Downloaded, second.Skipped);
            Assert.Empty(second.Downloaded);
            Assert.Equal(4, server.RequestCount);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AAE_MNIST_MIRROR", previous);
        }
    }

    [Fact]
    public void RunDownloadsMissingMnistOnDemand_AndFetchReportsFailuresInOneLine()
    {
        using var server = new LocalServer(path => File.Exists(Path.Combine(MnistFolder, path))
            ? (200, File.ReadAllBytes(Path.Combine(MnistFolder, path)))
            : (404, []));
        var previous = Environment.GetEnvironmentVariable("AAE_MNIST_MIRROR");
        Environment.SetEnvironmentVariable("AAE_MNIST_MIRROR", server.BaseUrl);
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var runPath = Path.Combine(_work.FullName, "run");
            int code = Aae.Cli.AaeCommandLine.Run(
                ["run", "mnist-gaussian", "--data-dir", _work.FullName, "--out", runPath, "--limit", "500", "--epochs", "1"], output, error);
            Assert.True(code == 0, error.ToString());
            Assert.Contains("downloaded", output.ToString());
            Assert.Equal(LabelsSha256, Sha256Of(Path.Combine(Target, LabelsName)));
            Assert.True(File.Exists(Path.Combine(runPath, "metrics.json")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("AAE_MNIST_MIRROR", previous);
        }

        using var broken = new LocalServer(_ => (404, []));
        Environment.SetEnvironmentVariable("AAE_MNIST_MIRROR", broken.BaseUrl);
        try
        {
            var error = new StringWriter();
            var elsewhere = Path.Combine(_work.FullName, "elsewhere");
            int code = Aae.Cli.AaeCommandLine.Run(["data", "fetch", "mnist", "--data-dir", elsewhere], new StringWriter(), error);
            Assert.Equal(Aae.Cli.AaeCommandLine.UserError, code);
            var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.Contains("HTTP 404", lines[0]);
            Assert.Empty(Directory.Exists(Path.Combine(elsewhere, "mnist")) ? Directory.GetFiles(Path.Combine(elsewhere, "mnist")) : []);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AAE_MNIST_MIRROR", previous);
        }
    }

    static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    static byte[] Corrupted(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        copy[copy.Length / 2] ^= 0xFF;
        return copy;
    }

    static byte[] Ungzip(byte[] gz)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress)) gzip.CopyTo(output);
        return output.ToArray();
    }

    static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(raw);
        return output.ToArray();
    }

    sealed class RecordingProgress : IProgress<DownloadProgress>
    {
        public List<DownloadProgress> Reports { get; } = [];
        public void Report(DownloadProgress value) => Reports.Add(value);
    }

    /// <summary>A tiny HTTP server on 127.0.0.1; respond maps a request path (without leading '/') to status and body.</summary>
    sealed class LocalServer : IDisposable
    {
        readonly HttpListener _listener;
        readonly Func<string, (int Status, byte[] Body)> _respond;
        readonly Task _loop;
        int _requestCount;

        public string BaseUrl { get; }
        public int RequestCount => Volatile.Read(ref _requestCount);

        public LocalServer(Func<string, (int Status, byte[] Body)> respond)
        {
            _respond = respond;
            (_listener, BaseUrl) = StartOnFreePort();
            _loop = Task.Run(ServeAsync);
        }

        static (HttpListener, string) StartOnFreePort()
        {
            for (int attempt = 0; ; attempt++)
            {
                // Ask the OS for a free port, then claim it (another process could take it in between: retry).
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                int port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                var baseUrl = $"http://127.0.0.1:{port}/";
                var listener = new HttpListener { Prefixes = { baseUrl } };
                try
                {
                    listener.Start();
                    return (listener, baseUrl);
                }
                catch (HttpListenerException) when (attempt < 10)
                {
                    listener.Close();
                }
            }
        }

        async Task ServeAsync()
        {
            while (true)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }

                Interlocked.Increment(ref _requestCount);
                try
                {
                    var (status, body) = _respond(context.Request.Url!.AbsolutePath.TrimStart('/'));
                    context.Response.StatusCode = status;
                    context.Response.ContentLength64 = body.Length;
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
                {
                    // The client hung up; nothing to do.
                }
            }
        }

        public void Dispose()
        {
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
