using System.Buffers;
using System.Runtime.CompilerServices;
using RhetoricClassifier.Features;

namespace RhetoricClassifier.Scoring;

/// <summary>
/// Scratch memory for scoring sentences with one <see cref="CompiledForest"/> on one thread: the
/// normalised text, per-feature counts and the tree masks. Reused from sentence to sentence so the
/// hot path allocates nothing. Not thread-safe: one per thread.
/// </summary>
internal sealed class ScoringWorkspace
{
    private char[]? _rented;

    public ScoringWorkspace(CompiledForest forest)
    {
        Forest = forest;
        Counts = new int[Math.Max(1, forest.UsedFeatureCount)];
        Masks = forest.CreateMasks();
        Pending = forest.CreatePendingList();
        Deferred = new int[2 * Math.Max(1, forest.UsedFeatureCount)];
        Touched = new int[Counts.Length + 1]; // room for every feature and one more write, so Count never checks
        Buffer = new char[2048];
    }

    public CompiledForest Forest { get; }

    public char[] Buffer;

    public int[] Counts;

    public int[] Touched;

    private ulong[] _candidates = new ulong[1024];

    public int TouchedCount;

    /// <summary>Per tree, the leaves still possible: an array of the forest's mask width (see <see cref="CompiledForest.CreateMasks"/>).</summary>
    public readonly Array Masks;

    /// <summary>The splits one sentence's features take, gathered by <see cref="CompiledForest.Evaluate"/> before it applies them.</summary>
    public readonly Array Pending;

    /// <summary>Pairs of (feature, count) whose splits <see cref="CompiledForest.Evaluate"/> takes in its second pass.</summary>
    public readonly int[] Deferred;

    [ThreadStatic]
    private static ScoringWorkspace? t_cached;

    /// <summary>This thread's workspace for <paramref name="forest"/>.</summary>
    public static ScoringWorkspace ForCurrentThread(CompiledForest forest)
    {
        ScoringWorkspace? w = t_cached;
        if (w is null || !ReferenceEquals(w.Forest, forest))
        {
            w = new ScoringWorkspace(forest);
            t_cached = w;
        }

        return w;
    }

    /// <summary>Scores one sentence: normalise, count the n-grams the trees use, evaluate the trees.</summary>
    public void Score(ReadOnlySpan<char> sentence, Span<float> probabilities)
    {
        Featurize(sentence);
        Forest.Evaluate(this, probabilities);
    }

    /// <summary>
    /// Normalises the sentence and counts the n-grams the trees use into <see cref="Counts"/> and
    /// <see cref="Touched"/>; <see cref="CompiledForest.Evaluate"/> consumes and clears them.
    /// </summary>
    internal void Featurize(ReadOnlySpan<char> sentence)
    {
        FeatureSettings settings = Forest.Settings;
        int length = TextNormalizer.Normalize(sentence, ref Buffer, ref _rented, settings.QuoteTokens);
        int most = NgramExtractor.MaxKeys(length, settings);
        if (_candidates.Length < most)
        {
            _candidates = new ulong[Math.Max(most, _candidates.Length * 2)];
        }

        // First pass: the keys that pass the filter; second pass: probe those.
        int keys = NgramExtractor.ExtractFiltered(Buffer.AsSpan(0, length), settings, Forest.Filter, _candidates);
        Forest.Count(_candidates.AsSpan(0, keys), this);

        if (_rented is not null && _rented.Length > 1 << 16)
        {
            // A huge sentence rented a huge buffer: give it back rather than pin it to this thread.
            ArrayPool<char>.Shared.Return(_rented);
            _rented = null;
            Buffer = new char[2048];
        }

        if (_candidates.Length > 1 << 16)
        {
            _candidates = new ulong[1024];
        }
    }

    /// <summary>Forgets the features counted by <see cref="Featurize"/> without evaluating them.</summary>
    internal void ClearFeatures()
    {
        foreach (int f in Touched.AsSpan(0, TouchedCount))
        {
            Counts[f] = 0;
        }

        TouchedCount = 0;
    }
}
