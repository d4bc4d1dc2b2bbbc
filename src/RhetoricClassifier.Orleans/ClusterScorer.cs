using System.Runtime.CompilerServices;

namespace RhetoricClassifier;

/// <summary>
/// The client side: fans a large stream of documents out over an Orleans cluster and yields the results in
/// input order, each document exactly once. Batches go to many <see cref="IRhetoricScoringGrain"/> slots, which
/// placement spreads over every silo; a batch whose call fails (its silo died, a timeout) is sent again, to the
/// next slot, so a silo lost mid-run loses nothing and, because results are kept per batch, duplicates nothing.
/// </summary>
/// <remarks>Thread safety: an instance holds no per-run state; any number of runs may share it.</remarks>
public sealed class ClusterScorer
{
    private readonly IGrainFactory _grains;
    private readonly ClusterScorerOptions _options;

    /// <summary>Called before each retry with the batch index, the attempt that failed and its error (tests watch it).</summary>
    internal Action<long, int, Exception>? RetryObserver { get; set; }

    /// <summary>Creates a scorer over a cluster client (<c>IClusterClient</c>) or a silo's grain factory.</summary>
    /// <param name="grainFactory">The grain factory.</param>
    /// <param name="options">Options, or <see langword="null"/> for <see cref="ClusterScorerOptions.Default"/>.</param>
    public ClusterScorer(IGrainFactory grainFactory, ClusterScorerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(grainFactory);
        _grains = grainFactory;
        _options = options ?? ClusterScorerOptions.Default;
        _options.Validate();
    }

    /// <summary>Scores documents on the cluster, yielding them in input order as their batches complete.</summary>
    /// <param name="documents">The documents; read lazily, with at most <see cref="ClusterScorerOptions.MaxConcurrentBatches"/> batches in flight.</param>
    /// <param name="cancellationToken">Stops the run (calls in flight are cancelled).</param>
    /// <exception cref="ClusterScoringException">A batch failed <see cref="ClusterScorerOptions.MaxAttempts"/> times.</exception>
    public async IAsyncEnumerable<ClusterScoredDocument> ScoreAsync(IAsyncEnumerable<TextDocument> documents,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        // Cancelled when the run ends early (an error, or the caller stops enumerating), so that batches still
        // in flight stop too instead of running on unobserved.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await foreach (ClusterScoredDocument r in Run(documents, stop.Token).ConfigureAwait(false))
            {
                yield return r;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    private async IAsyncEnumerable<ClusterScoredDocument> Run(IAsyncEnumerable<TextDocument> documents, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var inFlight = new Queue<Task<RemoteScoringResult>>();
        var batch = new List<TextDocument>();
        long batchIndex = 0, nextDocument = 0, characters = 0;

        await foreach (TextDocument d in documents.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ArgumentNullException.ThrowIfNull(d, nameof(documents));
            batch.Add(d);
            characters += d.Text.Length;
            if (characters < _options.BatchCharacters && batch.Count < _options.MaxBatchDocuments)
            {
                continue;
            }

            inFlight.Enqueue(SendWithRetry(batch, batchIndex++, cancellationToken));
            batch = [];
            characters = 0;
            while (inFlight.Count >= _options.MaxConcurrentBatches)
            {
                foreach (ClusterScoredDocument r in Number(await inFlight.Dequeue().ConfigureAwait(false), ref nextDocument))
                {
                    yield return r;
                }
            }
        }

        if (batch.Count > 0)
        {
            inFlight.Enqueue(SendWithRetry(batch, batchIndex, cancellationToken));
        }

        while (inFlight.Count > 0)
        {
            foreach (ClusterScoredDocument r in Number(await inFlight.Dequeue().ConfigureAwait(false), ref nextDocument))
            {
                yield return r;
            }
        }
    }

    private static List<ClusterScoredDocument> Number(RemoteScoringResult result, ref long next)
    {
        var list = new List<ClusterScoredDocument>(result.Documents.Count);
        foreach (DocumentAnalysis a in result.Documents)
        {
            list.Add(new ClusterScoredDocument(next++, a, result.Silo));
        }

        return list;
    }

    private async Task<RemoteScoringResult> SendWithRetry(List<TextDocument> batch, long batchIndex, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            // Each attempt goes to another slot: the slot that failed may still be registered on the dead silo
            // until membership notices, while a fresh slot is placed on a live one.
            long slot = (batchIndex + attempt * 7919L) % _options.WorkerSlots;
            try
            {
                RemoteScoringResult result = await _grains.GetGrain<IRhetoricScoringGrain>(slot)
                    .ScoreAsync(batch, cancellationToken).ConfigureAwait(false);
                if (result.Documents.Count != batch.Count)
                {
                    throw new ClusterScoringException($"batch {batchIndex}: the silo returned {result.Documents.Count} results for {batch.Count} documents");
                }

                return result;
            }
            catch (Exception e) when (e is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (attempt + 1 >= _options.MaxAttempts)
                {
                    throw new ClusterScoringException($"batch {batchIndex} ({batch.Count} documents, first '{batch[0].Id}') failed {attempt + 1} times: {e.Message}", e);
                }

                RetryObserver?.Invoke(batchIndex, attempt, e);
                await Task.Delay(_options.RetryDelay * (attempt + 1), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
