namespace RhetoricClassifier;

/// <summary>A batch of consecutive input documents and their scored sentences, in order.</summary>
/// <param name="FirstDocumentIndex">Input position of the first document in the batch.</param>
/// <param name="Documents">The documents of the batch.</param>
/// <param name="Sentences">Their sentences, document by document, in order.</param>
public sealed record ScoredBatch(long FirstDocumentIndex, IReadOnlyList<TextDocument> Documents, ReadOnlyMemory<ScoredSentence> Sentences)
{
    /// <summary>The sentences of each document of the batch, in order (empty for a document without sentences).</summary>
    public IEnumerable<(TextDocument Document, ReadOnlyMemory<ScoredSentence> Sentences)> ByDocument()
    {
        int k = 0;
        for (int d = 0; d < Documents.Count; d++)
        {
            int start = k;
            while (k < Sentences.Length && Sentences.Span[k].DocumentIndex == FirstDocumentIndex + d)
            {
                k++;
            }

            yield return (Documents[d], Sentences[start..k]);
        }
    }
}
