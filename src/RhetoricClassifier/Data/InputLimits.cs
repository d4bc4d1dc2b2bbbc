namespace RhetoricClassifier.Data;

/// <summary>
/// The sizes past which input is refused rather than read, so that no input can make memory grow without
/// bound. Documented in the README ("Limits and safety").
/// </summary>
internal static class InputLimits
{
    /// <summary>
    /// Longest JSON Lines or CSV record, in bytes (16 MiB). Peak memory per record is a small multiple of
    /// this (the bytes, the parsed JSON and the decoded string). Plain text files have no such limit: they
    /// are read in parts.
    /// </summary>
    public const int MaxRecordBytes = 16 << 20;

    /// <summary>Most labelled sentences a training, evaluation or check run reads (1,000,000).</summary>
    public const int MaxLabeledSentences = 1_000_000;

    /// <summary>Longest labelled sentence, in characters: a training example is one sentence, not a document.</summary>
    public const int MaxLabeledSentenceChars = 20_000;
}
