namespace Aae.Data;

/// <summary>One file of a dataset as published upstream.</summary>
/// <param name="Name">File name, the same on every mirror.</param>
/// <param name="Sha256">Lowercase hex sha256 of the file as served, or null when no trusted hash is known.</param>
/// <param name="Size">Size in bytes as served, or null when unknown.</param>
public sealed record RemoteFile(string Name, string? Sha256, long? Size);

/// <summary>A dataset the downloader knows how to fetch.</summary>
/// <param name="Name">Name used on the command line and as the folder name under the data directory.</param>
/// <param name="BaseUrls">Mirrors, tried in order; each ends with '/' and the file name is appended.</param>
/// <param name="MirrorVariable">Environment variable whose value (a base URL) replaces <paramref name="BaseUrls"/>.</param>
/// <param name="Files">The files that make up the dataset.</param>
public sealed record KnownDataset(
    string Name, IReadOnlyList<string> BaseUrls, string MirrorVariable, IReadOnlyList<RemoteFile> Files);

/// <summary>The datasets <see cref="Downloader"/> can fetch.</summary>
public static class KnownDatasets
{
    public static readonly KnownDataset Mnist = new(
        "mnist",
        ["https://ossci-datasets.s3.amazonaws.com/mnist/", "https://storage.googleapis.com/cvdf-datasets/mnist/"],
        "AAE_MNIST_MIRROR",
        [
            new("train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", 9912422),
            new("train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", 28881),
            new("t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", 1648877),
            new("t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", 4542),
        ]);

    // Upstream publishes only md5 sums, and we have no verified sha256 or sizes for these files,
    // so Sha256 and Size stay null. The downloader then checks instead that each file
    // decompresses completely and holds a well-formed IDX file (magic 0x00000803 for images,
    // 0x00000801 for labels, and a length that matches the header).
    public static readonly KnownDataset FashionMnist = new(
        "fashion-mnist",
        ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
        "AAE_FASHION_MNIST_MIRROR",
        [
            new("train-images-idx3-ubyte.gz", null, null),
            new("train-labels-idx1-ubyte.gz", null, null),
            new("t10k-images-idx3-ubyte.gz", null, null),
            new("t10k-labels-idx1-ubyte.gz", null, null),
        ]);

    public static IReadOnlyList<KnownDataset> All { get; } = [Mnist, FashionMnist];

    /// <summary>The dataset with this name (case-insensitive), or null.</summary>
    public static KnownDataset? Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
}
