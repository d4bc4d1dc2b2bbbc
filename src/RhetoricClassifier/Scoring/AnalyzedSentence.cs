namespace RhetoricClassifier;

/// <summary>One sentence of an analysed document.</summary>
/// <param name="Index">0-based position of the sentence in its document.</param>
/// <param name="Start">Offset of the sentence in the document text.</param>
/// <param name="Length">Length of the sentence in characters.</param>
/// <param name="Text">The sentence as it appears in the document.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="Scores">Calibrated probability per tag.</param>
public sealed record AnalyzedSentence(int Index, int Start, int Length, string Text, TagSet Tags, TagScores Scores);
