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
}
