namespace RhetoricClassifier;

/// <summary>How <see cref="ClusterScorer"/> cuts the input into batches and spreads them over the cluster.</summary>
public sealed record ClusterScorerOptions
{
    /// <summary>The defaults: batches of about 64,000 characters (roughly 500 sentences), 32 worker slots, 3 batches in flight per slot.</summary>
    public static ClusterScorerOptions Default { get; } = new();

    /// <summary>
    /// A batch is closed once its documents hold this many characters (a single larger document is sent alone).
    /// Large enough that one grain call carries hundreds to thousands of sentences, so messaging costs little.
    /// </summary>
    public int BatchCharacters { get; init; } = 64 * 1024;

    /// <summary>The most documents in one batch, however short they are.</summary>
    public int MaxBatchDocuments { get; init; } = 1024;

    /// <summary>
    /// How many scoring grains (worker slots) the batches are spread over. Each slot is one activation placed on a
    /// silo and scores one batch at a time, so this bounds the cluster's parallelism: use a few per core in the cluster.
    /// </summary>
    public int WorkerSlots { get; init; } = 32;

    /// <summary>How many batches may be in flight at once (bounded concurrency and memory on the client).</summary>
    public int MaxConcurrentBatches { get; init; } = 96;

    /// <summary>How many times a batch is sent before its failure is reported (a silo that dies mid-call costs one attempt).</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>The pause before the first retry; each further retry waits one more step.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchCharacters, 1, nameof(BatchCharacters));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchDocuments, 1, nameof(MaxBatchDocuments));
        ArgumentOutOfRangeException.ThrowIfLessThan(WorkerSlots, 1, nameof(WorkerSlots));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentBatches, 1, nameof(MaxConcurrentBatches));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
    }
}
