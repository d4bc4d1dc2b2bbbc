namespace RhetoricClassifier;

/// <summary>
/// One tagged sentence from the batch scorer. A value type whose text is a view over the document's
/// text, so producing it copies no characters.
/// </summary>
/// <param name="DocumentId">Id of the document the sentence belongs to.</param>
/// <param name="DocumentIndex">0-based position of that document in the input.</param>
/// <param name="Index">0-based position of the sentence in its document.</param>
/// <param name="Start">Offset of the sentence in the document text.</param>
/// <param name="Length">Length of the sentence.</param>
/// <param name="Text">The sentence's characters (a slice of the document text).</param>
/// <param name="Tags">Its tags.</param>
/// <param name="Scores">Calibrated probability per tag.</param>
public readonly record struct ScoredSentence(
    string DocumentId,
    long DocumentIndex,
    int Index,
    int Start,
    int Length,
    ReadOnlyMemory<char> Text,
    TagSet Tags,
    TagScores Scores);
