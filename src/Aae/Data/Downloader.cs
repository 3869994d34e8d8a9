using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Aae.Data;

/// <summary>Progress of one file's download.</summary>
/// <param name="FileName">The file being downloaded, e.g. "train-images-idx3-ubyte.gz".</param>
/// <param name="BytesDone">Bytes received so far.</param>
/// <param name="BytesTotal">Expected size, or null when neither the server nor the catalog says.</param>
public sealed record DownloadProgress(string FileName, long BytesDone, long? BytesTotal);

/// <summary>What <see cref="Downloader.FetchAsync"/> did.</summary>
/// <param name="Directory">The folder holding the dataset's files.</param>
/// <param name="Downloaded">Files fetched by this call.</param>
/// <param name="Skipped">Files already present and valid, left untouched.</param>
public sealed record DownloadResult(string Directory, IReadOnlyList<string> Downloaded, IReadOnlyList<string> Skipped);

/// <summary>Downloads known datasets, checks them, and never leaves a partial or corrupt file behind.</summary>
public static class Downloader
{
    // How long a server may stay silent (before answering, or between chunks of the body).
    // A limit on the whole download would instead fail slow but healthy connections.
    static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);

    static readonly Lazy<HttpClient> DefaultClient = new(() => new HttpClient { Timeout = StallTimeout });

    /// <summary>
    /// Downloads the files of a known dataset (see <see cref="KnownDatasets"/>) into
    /// <c>dataDirectory/datasetName/</c>, skipping files that are already there and valid.
    /// The dataset's mirror environment variable (e.g. AAE_MNIST_MIRROR), when set, replaces its mirror list.
    /// </summary>
    /// <exception cref="AaeException">Unknown dataset, unwritable folder, or a file that no mirror delivered intact.</exception>
    public static Task<DownloadResult> FetchAsync(
        string datasetName, string dataDirectory, IProgress<DownloadProgress>? progress = null,
        CancellationToken ct = default, HttpClient? client = null)
    {
        var dataset = KnownDatasets.Find(datasetName) ?? throw new AaeException(
            $"unknown dataset '{datasetName}' (known: {string.Join(", ", KnownDatasets.All.Select(d => d.Name))})");
        var mirror = Environment.GetEnvironmentVariable(dataset.MirrorVariable);
        IReadOnlyList<string> baseUrls = string.IsNullOrWhiteSpace(mirror) ? dataset.BaseUrls : [mirror.Trim()];
        return FetchFilesAsync(dataset.Files, baseUrls, Path.Combine(dataDirectory, dataset.Name),
            progress, client ?? DefaultClient.Value, ct);
    }

    /// <summary>The work behind <see cref="FetchAsync"/>, with the files and mirrors given explicitly (for tests).</summary>
    internal static async Task<DownloadResult> FetchFilesAsync(
        IReadOnlyList<RemoteFile> files, IReadOnlyList<string> baseUrls, string directory,
        IProgress<DownloadProgress>? progress, HttpClient client, CancellationToken ct)
    {
        var mirrors = baseUrls.Select(NormalizeBaseUrl).ToList();
        try { Directory.CreateDirectory(directory); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AaeException($"cannot create data directory {directory}: {e.Message}", e);
        }

        var downloaded = new List<string>();
        var skipped = new List<string>();
        foreach (var file in files)
        {
            var target = Path.Combine(directory, file.Name);
            if (IsPresent(file, target))
            {
                skipped.Add(file.Name);
                continue;
            }
            await DownloadFromAnyMirrorAsync(file, mirrors, target, progress, client, ct);
            downloaded.Add(file.Name);
        }
        return new DownloadResult(directory, downloaded, skipped);
    }

    static bool IsPresent(RemoteFile file, string target)
    {
        // The reader also accepts the decompressed file. Its hash cannot be compared with the
        // hash of the .gz, so a present raw file is trusted as is.
        if (target.EndsWith(".gz", StringComparison.Ordinal) && File.Exists(target[..^3])) return true;
        try
        {
            return File.Exists(target) && FindProblem(file, target) is null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AaeException($"cannot read {target}: {e.Message}", e);
        }
    }

    static async Task DownloadFromAnyMirrorAsync(
        RemoteFile file, IReadOnlyList<string> mirrors, string target,
        IProgress<DownloadProgress>? progress, HttpClient client, CancellationToken ct)
    {
        // Write next to the target so the final rename stays on one file system (atomic),
        // and an existing file is only ever replaced by one that passed the checks.
        var part = target + ".part";
        var failures = new List<string>();
        foreach (var baseUrl in mirrors)
        {
            var url = baseUrl + file.Name;
            string? problem;
            try
            {
                problem = await DownloadToFileAsync(client, url, part, file.Name, file.Size, progress, ct)
                          ?? FindProblem(file, part);
                if (problem is null) File.Move(part, target, overwrite: true);
            }
            catch (Exception e) when (IsDownloadFailure(e, ct))
            {
                problem = Describe(e);
            }
            finally
            {
                DeleteQuietly(part); // also on cancellation
            }
            if (problem is null) return;
            failures.Add($"{url}: {problem}");
        }
        throw new AaeException(failures.Count switch
        {
            0 => $"download of {file.Name}: no mirror URL given",
            1 => $"download of {file.Name} from {failures[0]}",
            _ => $"download of {file.Name} failed on every mirror: {string.Join("; ", failures)}",
        });
    }

    /// <summary>Streams url into path. Returns the problem with the server's answer, or null.</summary>
    static async Task<string?> DownloadToFileAsync(
        HttpClient client, string url, string path, string fileName, long? knownSize,
        IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            var reason = string.IsNullOrWhiteSpace(response.ReasonPhrase) ? "" : $" ({response.ReasonPhrase})";
            return $"HTTP {(int)response.StatusCode}{reason}";
        }

        long? total = response.Content.Headers.ContentLength ?? knownSize;
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        await using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var buffer = new byte[1 << 16];
        long done = 0;
        progress?.Report(new DownloadProgress(fileName, 0, total));
        while (true)
        {
            stall.CancelAfter(StallTimeout); // restarts the silence timer for each chunk
            int read = await body.ReadAsync(buffer, stall.Token);
            if (read == 0) break;
            await output.WriteAsync(buffer.AsMemory(0, read), ct);
            done += read;
            progress?.Report(new DownloadProgress(fileName, done, total));
        }
        output.Flush(flushToDisk: true); // the data must be on disk before the rename makes it official
        return null;
    }

    /// <summary>Why the file at path is not the expected one, or null when it is.</summary>
    static string? FindProblem(RemoteFile file, string path)
    {
        long size = new FileInfo(path).Length;
        if (file.Size is long expectedSize && size != expectedSize)
            return $"size mismatch (expected {expectedSize} bytes, got {size})";
        if (file.Sha256 is null) return FindIdxProblem(file.Name, path);

        string actual;
        using (var stream = File.OpenRead(path)) actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        return string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"sha256 mismatch (expected {file.Sha256}, got {actual})";
    }

    /// <summary>
    /// The check for files without a known hash: the gzip must decode, start with the IDX magic
    /// (0x00000803 for "idx3" image files, 0x00000801 for "idx1" label files), and hold exactly
    /// as many data bytes as its header announces. This catches truncated downloads and error pages.
    /// </summary>
    static string? FindIdxProblem(string fileName, string path)
    {
        int expectedMagic = fileName.Contains("idx3", StringComparison.Ordinal) ? 0x803 : 0x801;
        try
        {
            using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            var word = new byte[4];
            gzip.ReadExactly(word);
            int magic = BinaryPrimitives.ReadInt32BigEndian(word);
            if (magic != expectedMagic)
                return $"not an IDX file of the expected kind (magic 0x{magic:x8}, expected 0x{expectedMagic:x8})";

            long expectedDataBytes = 1;
            for (int dimension = 0; dimension < (magic & 0xFF); dimension++)
            {
                gzip.ReadExactly(word);
                expectedDataBytes *= BinaryPrimitives.ReadInt32BigEndian(word);
            }
            long dataBytes = 0;
            var buffer = new byte[1 << 16];
            for (int read; (read = gzip.Read(buffer)) > 0;) dataBytes += read;
            return dataBytes == expectedDataBytes
                ? null
                : $"IDX data is {dataBytes} bytes but its header announces {expectedDataBytes}";
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            return $"not a valid gzipped IDX file ({OneLine(e.Message)})";
        }
    }

    static string NormalizeBaseUrl(string baseUrl)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            throw new AaeException($"invalid mirror URL '{baseUrl}': expected an absolute http or https URL");
        return baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/";
    }

    // Failures that another mirror might not have; everything else (bugs, the caller's cancellation) propagates.
    static bool IsDownloadFailure(Exception e, CancellationToken ct) =>
        e is HttpRequestException or IOException or UnauthorizedAccessException
        || (e is OperationCanceledException && !ct.IsCancellationRequested);

    static string Describe(Exception e) => e is OperationCanceledException
        ? $"timed out (server silent for {StallTimeout.TotalSeconds:0} s)"
        : OneLine(e.Message);

    static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    static void DeleteQuietly(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* best effort; the error that matters is already reported */ }
    }
}
