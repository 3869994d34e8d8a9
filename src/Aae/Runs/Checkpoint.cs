using Aae.Training;
using static TorchSharp.torch;

namespace Aae.Runs;

/// <summary>
/// One file holding a model family's networks, its optimisers' states and how many epochs are done,
/// so a run resumes exactly where it stopped. Written atomically.
/// </summary>
public static class Checkpoint
{
    const string Magic = "AAE-CHECKPOINT-1";

    public static void Save(string path, int epochsDone, nn.Module networks, IEnumerable<FusedAdam> optimizers) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(epochsDone);
            networks.save(writer);
            foreach (var optimizer in optimizers) optimizer.save_state_dict(writer);
        });

    /// <summary>Loads weights (and optimiser states when given); returns the number of epochs done.</summary>
    public static int Load(string path, nn.Module networks, IEnumerable<FusedAdam>? optimizers = null)
    {
        if (!File.Exists(path)) throw new AaeException($"{path}: checkpoint not found");
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadString() != Magic) throw new AaeException($"{path}: not an Aae checkpoint");
            int epochsDone = reader.ReadInt32();
            networks.load(reader);
            foreach (var optimizer in optimizers ?? []) optimizer.load_state_dict(reader);
            return epochsDone;
        }
        catch (AaeException) { throw; }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or FormatException
                                       or InvalidDataException or OverflowException or IndexOutOfRangeException)
        {
            throw new AaeException($"{path}: unreadable checkpoint ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>
    /// Loads the first of <paramref name="paths"/> that exists and reads cleanly (a damaged latest.ckpt
    /// falls back to an intact final.ckpt); returns the epochs done and the file used, or null when none exists.
    /// </summary>
    public static (int EpochsDone, string Path)? LoadFirstReadable(IEnumerable<string> paths, nn.Module networks, IEnumerable<FusedAdam>? optimizers = null)
    {
        AaeException? problem = null;
        foreach (var path in paths.Where(File.Exists))
        {
            try
            {
                return (Load(path, networks, optimizers), path);
            }
            catch (AaeException e)
            {
                problem ??= e;
            }
        }
        return problem is null ? null : throw problem;
    }
}
