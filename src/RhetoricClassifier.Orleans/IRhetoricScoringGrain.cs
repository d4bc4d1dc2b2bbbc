namespace RhetoricClassifier;

/// <summary>
/// Scores a batch of documents on the silo where the grain is active. Keyed by an integer worker slot: the
/// client spreads batches over many slots, and placement spreads the slots over the silos.
/// </summary>
public interface IRhetoricScoringGrain : IGrainWithIntegerKey
{
    /// <summary>Splits and tags every document of the batch with the silo's model.</summary>
    /// <param name="documents">The documents, typically hundreds to thousands of sentences in all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One analysis per document, in the batch's order, and the silo that scored them.</returns>
    Task<RemoteScoringResult> ScoreAsync(IReadOnlyList<TextDocument> documents, CancellationToken cancellationToken = default);
}
