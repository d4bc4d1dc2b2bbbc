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
    /// Default 32,768 (a few hundred sentences of typical length, whose results stay off the large-object heap).
    /// </summary>
    // 16,384 until issue 13's eighth round: on 2 cores, 400,000 sentences took 0.835 s instead of 0.94 s with the larger
    // batches, for the same CPU time (1.77 instead of 1.67 cores busy, a fifth fewer context switches: the workers waited
    // less between batches); 65,536 and 131,072 measured level with 32,768. benchmarks/README.md has the runs.
    public int BatchCharacters { get; init; } = 1 << 15;

    /// <summary>
    /// Split documents into sentences (the default). When <see langword="false"/>, each document is scored
    /// as a single sentence: the right choice for input that is already one sentence per record.
    /// </summary>
    public bool SplitSentences { get; init; } = true;
}
