namespace RhetoricClassifier;

/// <summary>
/// Splits text into sentences. Implementations must be safe to call from many threads at once
/// and must guarantee that sentences are in order, do not overlap, never start or end with white
/// space, and together cover every non-white-space character of the text.
/// </summary>
public interface ISentenceSegmenter
{
    /// <summary>Appends the sentences of <paramref name="text"/> to <paramref name="sentences"/>, in order.</summary>
    /// <param name="text">The text to split.</param>
    /// <param name="sentences">The list the sentences are appended to; it is not cleared first.</param>
    void Segment(ReadOnlySpan<char> text, List<SentenceSpan> sentences);
}
