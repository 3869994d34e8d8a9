using Aae.Models;
using Aae.Training;

namespace Aae.Runs;

/// <summary>
/// One file holding the networks' weights, the optimisers' states and how many epochs are done,
/// so a run resumes exactly where it stopped. Written atomically.
/// </summary>
public static class Checkpoint
{
    const string Magic = "AAE-CHECKPOINT-1";

    public static void Save(string path, int epochsDone, AdversarialAutoencoder model, IEnumerable<FusedAdam> optimizers) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(epochsDone);
            model.save(writer);
            foreach (var optimizer in optimizers) optimizer.save_state_dict(writer);
        });

    /// <summary>Loads weights (and optimiser states when given); returns the number of epochs done.</summary>
    public static int Load(string path, AdversarialAutoencoder model, IEnumerable<FusedAdam>? optimizers = null)
    {
        if (!File.Exists(path)) throw new AaeException($"{path}: checkpoint not found");
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadString() != Magic) throw new AaeException($"{path}: not an Aae checkpoint");
            int epochsDone = reader.ReadInt32();
            model.load(reader);
            foreach (var optimizer in optimizers ?? []) optimizer.load_state_dict(reader);
            return epochsDone;
        }
        catch (AaeException) { throw; }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or FormatException)
        {
            throw new AaeException($"{path}: unreadable checkpoint ({e.Message.Split('\n')[0]})");
        }
    }
}
