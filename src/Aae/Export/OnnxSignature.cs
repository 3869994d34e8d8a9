namespace Aae.Export;

/// <summary>
/// How an exported encoder's output and decoder's input are named and described, and the metadata
/// the files carry: a family with more than plain codes (a class condition, category logits) says so.
/// </summary>
public sealed record OnnxSignature(string EncoderOutput, string EncoderOutputDoc, string DecoderInput, string DecoderInputDoc,
    IReadOnlyList<(string Key, string Value)> Metadata)
{
    /// <summary>Plain latent codes both ways.</summary>
    public static OnnxSignature Codes(long encoderWidth, long decoderWidth) =>
        new("codes", $"float32 [batch, {encoderWidth}]: the latent codes", "codes", $"float32 [batch, {decoderWidth}]: latent codes", []);
}
