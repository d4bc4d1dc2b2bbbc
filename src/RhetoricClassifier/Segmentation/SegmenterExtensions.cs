namespace RhetoricClassifier;

/// <summary>Convenience methods over <see cref="ISentenceSegmenter"/>.</summary>
public static class SegmenterExtensions
{
    /// <summary>Splits <paramref name="text"/> into sentences and returns them in a new list.</summary>
    /// <param name="segmenter">The segmenter.</param>
    /// <param name="text">The text.</param>
    public static IReadOnlyList<SentenceSpan> Segment(this ISentenceSegmenter segmenter, string text)
    {
        ArgumentNullException.ThrowIfNull(segmenter);
        ArgumentNullException.ThrowIfNull(text);
        var list = new List<SentenceSpan>();
        segmenter.Segment(text.AsSpan(), list);
        return list;
    }

    /// <summary>
    /// Segments with cancellation: the built-in segmenter checks the token as it goes; any other is called as it is,
    /// with the token checked before and after.
    /// </summary>
    internal static void Segment(this ISentenceSegmenter segmenter, ReadOnlySpan<char> text, List<SentenceSpan> sentences, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (segmenter is RuleBasedSegmenter rules)
        {
            rules.Segment(text, sentences, cancellationToken);
            return;
        }

        segmenter.Segment(text, sentences);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
