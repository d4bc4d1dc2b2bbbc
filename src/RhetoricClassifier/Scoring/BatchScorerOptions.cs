namespace RhetoricClassifier;

/// <summary>Options for <see cref="BatchScorer"/>.</summary>
public sealed record BatchScorerOptions
{
    /// <summary>The default options.</summary>
    public static BatchScorerOptions Default { get; } = new();

    /// <summary>Worker threads scoring batches at once. Default: one per core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Characters of input gathered into one batch before it is handed to a worker. Larger batches
    /// amortise hand-off costs; memory held is about this times four times the degree of parallelism.
    /// Default 16,384 (a few hundred sentences, whose results stay off the large-object heap).
    /// </summary>
    public int BatchCharacters { get; init; } = 1 << 14;

    /// <summary>
    /// Split documents into sentences (the default). When <see langword="false"/>, each document is scored
    /// as a single sentence: the right choice for input that is already one sentence per record.
    /// </summary>
    public bool SplitSentences { get; init; } = true;
}
