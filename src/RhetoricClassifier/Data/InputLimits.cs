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

    /// <summary>
    /// Most bytes of labelled data files one run reads (256 MiB), checked from the files' sizes before any is read,
    /// so that a file far too large is refused at once instead of after minutes and gigabytes.
    /// </summary>
    public const long MaxLabeledBytes = 256L << 20;

    /// <summary>Most labelled sentences a training, evaluation or check run reads (1,000,000).</summary>
    public const int MaxLabeledSentences = 1_000_000;

    /// <summary>
    /// Most sentences one training run takes (300,000). Training memory grows by about 8 KB per sentence
    /// (measured peaks: 30,000 sentences 392 MB, 100,000 sentences, 13.5 MB of CSV, 940 MB), so this keeps a run
    /// near 2.5 GB; evaluation and checks, which need far less, take up to <see cref="MaxLabeledSentences"/>.
    /// </summary>
    public const int MaxTrainingSentences = 300_000;

    /// <summary>Longest labelled sentence, in characters: a training example is one sentence, not a document.</summary>
    public const int MaxLabeledSentenceChars = 20_000;
}
