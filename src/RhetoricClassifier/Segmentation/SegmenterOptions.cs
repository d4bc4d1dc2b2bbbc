namespace RhetoricClassifier;

/// <summary>Options for <see cref="RuleBasedSegmenter"/>.</summary>
public sealed record SegmenterOptions
{
    /// <summary>The default options.</summary>
    public static SegmenterOptions Default { get; } = new();

    /// <summary>
    /// The longest sentence, in characters, the segmenter returns. Text with no sentence boundary for
    /// longer than this (a log dump, a table flattened to one line) is cut at the last white space
    /// before the limit, or at the limit itself, so one pathological line cannot hold up scoring.
    /// Default 1,000.
    /// </summary>
    public int MaxSentenceLength { get; init; } = 1000;
}
