namespace RhetoricClassifier;

/// <summary>Where a sentence sits in the original text: a character offset and a length, ready for highlighting.</summary>
/// <param name="Start">Offset of the sentence's first character in the original text.</param>
/// <param name="Length">Number of characters; a sentence never starts or ends with white space.</param>
public readonly record struct SentenceSpan(int Start, int Length)
{
    /// <summary>Offset one past the sentence's last character.</summary>
    public int End => Start + Length;

    /// <summary>The sentence's characters in <paramref name="text"/>.</summary>
    /// <param name="text">The text the span was found in.</param>
    public ReadOnlySpan<char> Slice(ReadOnlySpan<char> text) => text.Slice(Start, Length);
}
