namespace RhetoricClassifier;

/// <summary>A batch of consecutive input documents and their scored sentences, in order.</summary>
/// <param name="FirstDocumentIndex">Input position of the first document in the batch.</param>
/// <param name="Documents">The documents of the batch.</param>
/// <param name="Sentences">Their sentences, document by document, in order.</param>
public sealed record ScoredBatch(long FirstDocumentIndex, IReadOnlyList<TextDocument> Documents, ReadOnlyMemory<ScoredSentence> Sentences);
