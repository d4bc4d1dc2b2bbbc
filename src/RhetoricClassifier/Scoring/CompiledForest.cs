using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RhetoricClassifier.Features;

namespace RhetoricClassifier.Scoring;

/// <summary>
/// The trained tree ensembles of all tags, rearranged for fast evaluation on sparse n-gram counts.
/// </summary>
/// <remarks>
/// <para>Walking a tree visits one node per level and reads a feature value at each; with hundreds of
/// trees that is thousands of dependent memory reads per sentence. Our features are sparse counts, so
/// instead we use the QuickScorer scheme (Lucchese et al., SIGIR 2015): a tree's leaves, numbered left to
/// right, are bits of a 64-bit mask that starts with every leaf possible. Each split that a feature
/// value sends right rules out the leaves of its left subtree, and the exit leaf is the lowest bit left.
/// Only splits on features present in the sentence (plus the few whose threshold is below zero, applied
/// once into each tree's starting mask) are ever touched, so the work is proportional to the n-grams in
/// the sentence rather than to the size of the forest.</para>
/// <para>Only n-grams that some tree splits on are kept, in a small open-addressing table, so the table
/// stays in cache and most lookups end at the first empty slot.</para>
/// <para>In an ensemble, each tag also has a logistic regression over the same features; its weights sit
/// beside the splits of each counted feature, so the dot product is accumulated in the same loop that
/// applies the splits, and the two calibrated log-odds are blended.</para>
/// <para>Immutable after construction and safe to share across threads; the per-call scratch lives in
/// <see cref="ScoringWorkspace"/>.</para>
/// </remarks>
internal sealed class CompiledForest
{
    private readonly ulong[] _filter;       // one bit per (key >> 48): rejects most absent n-grams while staying in L1
    private readonly Entry[] _table;        // open addressing, key 0 = empty; key and id share a cache line
    private readonly int _mask;
    private readonly int[] _nodeStart;      // per compact feature f: its splits are _splits[_nodeStart[f].._nodeStart[f + 1]]
    private readonly Split[] _splits;       // grouped by feature, by threshold within a feature; one 16-byte record each
    private readonly ulong[] _baseline;     // per tree: leaves still possible when every feature is zero
    private readonly int[] _leafOffset;     // per tree: first of its leaves in _leafValues
    private readonly float[] _leafValues;   // weight * leaf value, leaves in left-to-right order (float: half the cache footprint)
    private readonly int[] _tagTreeEnd;     // trees of tag t are [_tagTreeEnd[t-1], _tagTreeEnd[t])
    private readonly double[] _bias;
    private readonly double[] _slope;
    private readonly double[] _offset;
    private readonly float[]? _linear;      // per compact feature f: the linear weight of each tag at f * TagCount + t; null for FastTree alone
    private readonly double[] _linearBias = [];
    private readonly double[] _linearSlope = [];
    private readonly double[] _linearOffset = [];
    private readonly double _linearWeight;

    public CompiledForest(FeatureVocabulary vocabulary, IReadOnlyList<TagEnsemble> tags, IReadOnlyList<LinearTagModel>? linear = null, double linearWeight = 0)
    {
        if (linear is not null && linear.Count != tags.Count)
        {
            throw new InvalidDataException($"{tags.Count} tree ensembles but {linear.Count} linear models");
        }

        Settings = vocabulary.Settings;
        TagCount = tags.Count;
        if (TagCount > MaxTags)
        {
            throw new InvalidDataException($"{TagCount} tags; at most {MaxTags} are supported");
        }

        _bias = tags.Select(t => t.Bias).ToArray();
        _slope = tags.Select(t => t.PlattSlope).ToArray();
        _offset = tags.Select(t => t.PlattOffset).ToArray();

        var trees = tags.SelectMany(t => t.Trees).ToList();
        TreeCount = trees.Count;
        _tagTreeEnd = new int[tags.Count];
        for (int t = 0, end = 0; t < tags.Count; t++)
        {
            end += tags[t].Trees.Count;
            _tagTreeEnd[t] = end;
        }

        _baseline = new ulong[trees.Count];
        _leafOffset = new int[trees.Count];
        var leafValues = new List<double>();
        var splits = new List<TreeSplit>();
        for (int tree = 0; tree < trees.Count; tree++)
        {
            TreeData data = trees[tree];
            if (data.Leaves.Length > 64)
            {
                throw new InvalidDataException($"a tree has {data.Leaves.Length} leaves; at most 64 are supported");
            }

            _leafOffset[tree] = leafValues.Count;
            _baseline[tree] = ulong.MaxValue;
            int position = 0;
            var orderedLeaves = new double[data.Leaves.Length];
            Visit(data, data.Left.Length == 0 ? ~0 : 0, ref position, orderedLeaves, tree, splits);
            leafValues.AddRange(orderedLeaves.Select(v => v * data.Weight));
        }

        _leafValues = leafValues.Select(v => (float)v).ToArray();

        // Splits with a negative threshold send a zero value right: fold them into the starting masks.
        foreach (var s in splits.Where(s => s.Threshold < 0))
        {
            _baseline[s.Tree] &= s.Mask;
        }

        // The features worth counting: those some split tests against a value above zero, and those with a
        // linear weight. Compact ids follow feature order.
        var splitsByFeature = splits.Where(s => s.Threshold >= 0).ToLookup(s => s.Feature);
        var used = new SortedSet<int>(splitsByFeature.Select(g => g.Key));
        if (linear is not null)
        {
            foreach (LinearTagModel model in linear)
            {
                if (model.Weights.Count > Math.Max(1, vocabulary.Count))
                {
                    throw new InvalidDataException($"a linear model has {model.Weights.Count} weights for {vocabulary.Count} features");
                }

                for (int i = 0; i < model.Weights.Count; i++)
                {
                    if (model.Weights[i] != 0 && i < vocabulary.Count)
                    {
                        used.Add(i);
                    }
                }
            }
        }

        int[] features = [.. used];
        UsedFeatureCount = features.Length;
        UsedFeatures = features;
        _nodeStart = new int[features.Length + 1];
        var ordered = new List<TreeSplit>();
        for (int f = 0; f < features.Length; f++)
        {
            _nodeStart[f] = ordered.Count;
            ordered.AddRange(splitsByFeature[features[f]].OrderBy(s => s.Threshold).ThenBy(s => s.Tree));
        }

        _nodeStart[features.Length] = ordered.Count;
        _splits = ordered.Select(s => new Split(s.Threshold, s.Tree, s.Mask)).ToArray();

        if (linear is not null)
        {
            _linearWeight = linearWeight;
            _linearBias = linear.Select(m => (double)m.Bias).ToArray();
            _linearSlope = linear.Select(m => m.PlattSlope).ToArray();
            _linearOffset = linear.Select(m => m.PlattOffset).ToArray();
            _linear = new float[features.Length * TagCount];
            for (int f = 0; f < features.Length; f++)
            {
                for (int t = 0; t < TagCount; t++)
                {
                    _linear[(f * TagCount) + t] = features[f] < linear[t].Weights.Count ? linear[t].Weights[features[f]] : 0;
                }
            }
        }

        int keyCount = features.Sum(f => vocabulary.KeysOf(f).Count);
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, keyCount * 2));
        _filter = new ulong[KeyFilter.Words];
        _table = new Entry[capacity];
        _mask = capacity - 1;
        for (int f = 0; f < features.Length; f++)
        {
            foreach (ulong key in vocabulary.KeysOf(features[f]))
            {
                int slot = (int)key & _mask;
                while (_table[slot].Key != 0)
                {
                    slot = (slot + 1) & _mask;
                }

                _table[slot] = new Entry(key, f);
                KeyFilter.Add(_filter, key);
            }
        }
    }

    public FeatureSettings Settings { get; }

    public int TagCount { get; }

    public int TreeCount { get; }

    /// <summary>How many distinct n-grams the trees split on.</summary>
    public int UsedFeatureCount { get; }

    /// <summary>The vocabulary index of each compact feature id (for tests and diagnostics).</summary>
    internal IReadOnlyList<int> UsedFeatures { get; }

    /// <summary>The <see cref="KeyFilter"/> of every n-gram some tree uses.</summary>
    internal ulong[] Filter => _filter;

    /// <summary>
    /// Counts the features among <paramref name="keys"/> (keys that passed <see cref="Filter"/>) into the
    /// workspace's <see cref="ScoringWorkspace.Counts"/>, listing each feature seen for the first time in
    /// <see cref="ScoringWorkspace.Touched"/>, in the order of the keys.
    /// </summary>
    /// <remarks>The table probe is written out in the loop rather than called: the call and its
    /// reloads of the table cost more than the probe, which usually ends at the first slot.</remarks>
    internal void Count(ReadOnlySpan<ulong> keys, ScoringWorkspace workspace)
    {
        ref Entry table = ref MemoryMarshal.GetArrayDataReference(_table);
        int mask = _mask;
        int[] counts = workspace.Counts;
        int[] touched = workspace.Touched;
        int touchedCount = workspace.TouchedCount;
        foreach (ulong key in keys)
        {
            int slot = (int)key & mask;
            while (true)
            {
                ref Entry e = ref Unsafe.Add(ref table, slot);
                if (e.Key == key)
                {
                    if (counts[e.Feature]++ == 0)
                    {
                        if (touchedCount == touched.Length)
                        {
                            touched = workspace.GrowTouched();
                        }

                        touched[touchedCount++] = e.Feature;
                    }

                    break;
                }

                if (e.Key == 0)
                {
                    break;
                }

                slot = (slot + 1) & mask;
            }
        }

        workspace.TouchedCount = touchedCount;
    }

    private readonly record struct Entry(ulong Key, int Feature);

    // Threshold, tree and mask of one split, together so that applying it touches one cache line.
    private readonly record struct Split(float Threshold, int Tree, ulong Mask);

    // A split while the forest is compiled: the feature it tests, and the leaves it rules out (Mask).
    private readonly record struct TreeSplit(int Feature, float Threshold, int Tree, ulong Mask);

    /// <summary>Calibrated probabilities for the features counted in <paramref name="workspace"/>.</summary>
    public void Evaluate(ScoringWorkspace workspace, Span<float> probabilities)
    {
        ulong[] masks = workspace.Masks;
        _baseline.AsSpan().CopyTo(masks);
        int[] counts = workspace.Counts;
        ReadOnlySpan<int> touched = workspace.Touched.AsSpan(0, workspace.TouchedCount);
        ref Split splits = ref MemoryMarshal.GetArrayDataReference(_splits);
        ref ulong maskRef = ref MemoryMarshal.GetArrayDataReference(masks);
        ref int countRef = ref MemoryMarshal.GetArrayDataReference(counts);
        ref int nodeStart = ref MemoryMarshal.GetArrayDataReference(_nodeStart);
        float[]? linear = _linear;
        int tags = TagCount;
        FeatureSettings settings = Settings;
        Span<double> dot = stackalloc double[MaxTags];
        dot.Clear();
        foreach (int f in touched)
        {
            ref int count = ref Unsafe.Add(ref countRef, f);
            float value = settings.Value(count);
            count = 0; // leave the workspace clean for the next sentence
            if (linear is not null)
            {
                // The linear part is a sparse dot product over the same counted features: no second pass.
                ref float w = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(linear), f * tags);
                for (int t = 0; t < tags; t++)
                {
                    dot[t] += Unsafe.Add(ref w, t) * value;
                }
            }

            int end = Unsafe.Add(ref nodeStart, f + 1);
            for (int k = Unsafe.Add(ref nodeStart, f); k < end; k++)
            {
                ref Split split = ref Unsafe.Add(ref splits, k);
                if (split.Threshold >= value)
                {
                    break; // sorted: this split and all after it send the value left
                }

                Unsafe.Add(ref maskRef, split.Tree) &= split.Mask;
            }
        }

        workspace.TouchedCount = 0;
        ref float leaves = ref MemoryMarshal.GetArrayDataReference(_leafValues);
        ref int offsets = ref MemoryMarshal.GetArrayDataReference(_leafOffset);
        int tree = 0;
        for (int t = 0; t < TagCount; t++)
        {
            double sum = _bias[t];
            for (int end = _tagTreeEnd[t]; tree < end; tree++)
            {
                sum += Unsafe.Add(ref leaves, Unsafe.Add(ref offsets, tree) + BitOperations.TrailingZeroCount(Unsafe.Add(ref maskRef, tree)));
            }

            probabilities[t] = linear is null
                ? Calibrate((float)sum, _slope[t], _offset[t])
                : Blend(Margin((float)sum, _slope[t], _offset[t]), Margin((float)(_linearBias[t] + dot[t]), _linearSlope[t], _linearOffset[t]), _linearWeight);
        }
    }

    /// <summary>The argument of Platt's exponential: the calibrated probability is <c>1 / (1 + exp(margin))</c>, so the log-odds are <c>-margin</c>.</summary>
    internal static double Margin(float score, double slope, double offset) => (slope * score) + offset;

    /// <summary>
    /// The ensemble's probability: the two learners' calibrated log-odds averaged with weight
    /// <paramref name="linearWeight"/> on the linear one. Averaging log-odds rather than probabilities keeps the
    /// result additive over features, so explanations stay exact.
    /// </summary>
    internal static float Blend(double treeMargin, double linearMargin, double linearWeight)
        => (float)(1 / (1 + Math.Exp(((1 - linearWeight) * treeMargin) + (linearWeight * linearMargin))));

    private const int MaxTags = 16;

    /// <summary>Platt scaling exactly as ML.NET's <c>PlattCalibrator</c> computes it.</summary>
    internal static float Calibrate(float score, double slope, double offset) => (float)(1 / (1 + Math.Exp((slope * score) + offset)));

    // In-order walk: numbers the leaves left to right and records, for each split, the mask that rules
    // out its left subtree's leaves.
    private static (int Lo, int Hi) Visit(TreeData tree, int node, ref int position, double[] orderedLeaves, int treeIndex,
        List<TreeSplit> splits)
    {
        if (node < 0)
        {
            int p = position++;
            orderedLeaves[p] = tree.Leaves[~node];
            return (p, p + 1);
        }

        (int lo, int mid) = Visit(tree, tree.Left[node], ref position, orderedLeaves, treeIndex, splits);
        (_, int hi) = Visit(tree, tree.Right[node], ref position, orderedLeaves, treeIndex, splits);
        int width = mid - lo;
        ulong left = (width == 64 ? ulong.MaxValue : ((1UL << width) - 1)) << lo;
        splits.Add(new TreeSplit(tree.Feature[node], tree.Threshold[node], treeIndex, ~left));
        return (lo, hi);
    }
}
