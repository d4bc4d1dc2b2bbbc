namespace RhetoricClassifier;

/// <summary>A document split into tagged sentences, with a summary.</summary>
/// <param name="Id">The document's id, if it was given one.</param>
/// <param name="Sentences">Its sentences, in order.</param>
/// <param name="Summary">Counts and shares of each tag.</param>
public sealed record DocumentAnalysis(string? Id, IReadOnlyList<AnalyzedSentence> Sentences, DocumentSummary Summary);
