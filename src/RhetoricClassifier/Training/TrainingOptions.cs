using RhetoricClassifier.Features;

namespace RhetoricClassifier;

/// <summary>
/// How a model is trained. The defaults are the settings the built-in model was trained with; the
/// comparison behind them is in <c>training-data/README.md</c>.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>The default options.</summary>
    public static TrainingOptions Default { get; } = new();

    /// <summary>Folds of cross-validation used for the reported metrics and for choosing thresholds. Default 5; at least 2.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Seed for fold assignment and the learners: the same data and seed give the same model. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Longest word n-gram used as a feature (1 to 4). Default 2.</summary>
    public int WordNgramLength { get; init; } = 2;

    /// <summary>Shortest character n-gram used as a feature; 0 turns character n-grams off. Default 3.</summary>
    public int CharNgramMin { get; init; } = 3;

    /// <summary>Longest character n-gram used as a feature (at most 8). Default 5.</summary>
    public int CharNgramMax { get; init; } = 5;

    /// <summary>An n-gram becomes a feature only if at least this many training sentences contain it. Default 2.</summary>
    public int MinDocumentFrequency { get; init; } = 2;

    /// <summary>
    /// N-grams kept per tag, those most associated with the tag (chi-squared); the vocabulary is their union.
    /// Default 2,000.
    /// </summary>
    public int FeaturesPerTag { get; init; } = 2_000;

    /// <summary>Threads FastTree trains with; <see langword="null"/> for one per core. Results do not depend on it.</summary>
    public int? Threads { get; init; }

    /// <summary>
    /// Boosted trees per tag. Default 150: as accurate as 300 in our comparison (training-data/README.md)
    /// at half the scoring cost.
    /// </summary>
    public int NumberOfTrees { get; init; } = 150;

    /// <summary>Leaves per tree (2 to 64: the fast scorer keeps a tree's leaves in one 64-bit mask). Default 16.</summary>
    public int NumberOfLeaves { get; init; } = 16;

    /// <summary>Fewest training sentences in a leaf. Default 3.</summary>
    public int MinimumExampleCountPerLeaf { get; init; } = 3;

    /// <summary>Boosting learning rate. Default 0.2.</summary>
    public double LearningRate { get; init; } = 0.2;

    /// <summary>Fraction of features each tree may split on, for variety between trees. Default 0.5.</summary>
    public double FeatureFraction { get; init; } = 0.5;

    /// <summary>
    /// Weight of the linear learner in each tag's probability: every tag also gets an ML.NET L-BFGS logistic
    /// regression on the same features, and the probability is <c>(1 - w) * FastTree + w * linear</c>.
    /// 0 trains FastTree alone; 1 uses the linear learner alone. Default 0.3, the best weight in
    /// cross-validation on corpus v1 and v2 (the comparison is in <c>training-data/README.md</c>).
    /// </summary>
    public double LinearWeight { get; init; } = 0.3;

    /// <summary>L2 regularisation of the linear learner. Default 1.</summary>
    public float LinearL2Regularization { get; init; } = 1f;

    /// <summary>L1 regularisation of the linear learner (drives weights of useless n-grams to zero). Default 1.</summary>
    public float LinearL1Regularization { get; init; } = 1f;

    /// <summary>A feature's value is its count in the sentence capped at this (so a long sentence that repeats a word
    /// does not weigh more); 0 for no cap. Default 0.</summary>
    public int CountCap { get; init; }

    /// <summary>
    /// Double quotes become a token of their own, so no word n-gram joins a reporting clause to the quotation
    /// beside it, and quoting itself is a feature. Default <see langword="false"/>.
    /// </summary>
    public bool QuoteTokens { get; init; }

    /// <summary>
    /// Adds one feature per cue lexicon (money words, people words, AI words, causal connectives, denial and
    /// critique words): how many of the sentence's words are in it. Default <see langword="true"/>: the one
    /// feature variant that helped on cross-validation and on the real-style split (training-data/README.md).
    /// </summary>
    public bool CueLexicons { get; init; } = true;

    internal FeatureSettings Features => new(WordNgramLength, CharNgramMin, CharNgramMax, CountCap, QuoteTokens, CueLexicons);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Folds, 2, nameof(Folds));
        ArgumentOutOfRangeException.ThrowIfLessThan(WordNgramLength, 1, nameof(WordNgramLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(WordNgramLength, NgramExtractor.MaxWordGram, nameof(WordNgramLength));
        ArgumentOutOfRangeException.ThrowIfNegative(CharNgramMin, nameof(CharNgramMin));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(CharNgramMax, NgramExtractor.MaxCharGram, nameof(CharNgramMax));
        if (CharNgramMin > 0)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(CharNgramMax, CharNgramMin, nameof(CharNgramMax));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MinDocumentFrequency, 1, nameof(MinDocumentFrequency));
        ArgumentOutOfRangeException.ThrowIfLessThan(FeaturesPerTag, 1, nameof(FeaturesPerTag));
        if (Threads is int threads)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1, nameof(Threads));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(NumberOfTrees, 1, nameof(NumberOfTrees));
        ArgumentOutOfRangeException.ThrowIfLessThan(NumberOfLeaves, 2, nameof(NumberOfLeaves));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(NumberOfLeaves, 64, nameof(NumberOfLeaves));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumExampleCountPerLeaf, 1, nameof(MinimumExampleCountPerLeaf));
        if (LearningRate is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be in (0, 1]");
        }

        if (LinearWeight is < 0 or > 1 || double.IsNaN(LinearWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(LinearWeight), LinearWeight, "must be in [0, 1]");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(CountCap, nameof(CountCap));
        ArgumentOutOfRangeException.ThrowIfNegative(LinearL2Regularization, nameof(LinearL2Regularization));
        ArgumentOutOfRangeException.ThrowIfNegative(LinearL1Regularization, nameof(LinearL1Regularization));
        if (FeatureFraction is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(FeatureFraction), FeatureFraction, "must be in (0, 1]");
        }
    }
}
