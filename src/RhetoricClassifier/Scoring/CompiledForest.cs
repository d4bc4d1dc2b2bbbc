using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using RhetoricClassifier.Features;

namespace RhetoricClassifier.Scoring;

/// <summary>
/// The trained tree ensembles of all tags, rearranged for fast evaluation on sparse n-gram counts.
/// </summary>
/// <remarks>
/// <para>Walking a tree visits one node per level and reads a feature value at each; with hundreds of
/// trees that is thousands of dependent memory reads per sentence. Our features are sparse counts, so
/// instead we use the QuickScorer scheme (Lucchese et al., SIGIR 2015): a tree's leaves, numbered left to
/// right, are bits of a mask (16, 32 or 64 bits, see <see cref="Split{TWord}"/>) that starts with every leaf possible. Each split that a feature
/// value sends right rules out the leaves of its left subtree, and the exit leaf is the lowest bit left.
/// Only splits on features present in the sentence (plus the few whose threshold is below zero, applied
/// once into each tree's starting mask) are ever touched, so the work is proportional to the n-grams in
/// the sentence rather than to the size of the forest.</para>
/// <para>Only n-grams that some tree splits on are kept, in an open-addressing table kept mostly empty, so
/// most lookups end at their first slot.</para>
/// <para>In an ensemble, each tag also has a logistic regression over the same features; its weights sit
/// beside the splits of each counted feature, so the dot product is accumulated in the same loop that
/// applies the splits, and the two calibrated log-odds are blended.</para>
/// <para>Immutable after construction and safe to share across threads; the per-call scratch lives in
/// <see cref="ScoringWorkspace"/>.</para>
/// </remarks>
internal sealed class CompiledForest
{
    private readonly ulong[] _filter;       // one bit per (key >> 47): rejects most absent n-grams while staying in L1
    private readonly Entry[] _table;        // open addressing, key 0 = empty; key and id share a cache line
    private readonly int _mask;
    private readonly int _slotShift;        // a key's home slot is its top bits, key >> _slotShift (see NgramExtractor's remarks)
    private readonly FeatureGroup[] _groups; // per compact feature f: where its splits are in _splits
    private readonly Gather[] _gathers;     // per compact feature f: what the first pass of Evaluate needs of _groups[f], in 8 bytes
    private readonly int _maskBytes;        // 2, 4 or 8: the width of a tree's leaf mask and of a record's two fields (see Split<TWord>)
    private readonly Array _splits;         // Split<TWord>[]: grouped by feature, by threshold within a feature, then PendingSlack empty records
    private readonly float[] _thresholds;   // the threshold of each record of _splits (read only for splits that depend on a count above 1)
    private readonly Array _baseline;       // TWord[], per tree: leaves still possible when every feature is zero
    private readonly int _leafShift;        // tree i's leaves are _leafValues[(i << _leafShift)..]: one stride for all trees, no offset to load
    private readonly float[] _leafValues;   // weight * leaf value, leaves in left-to-right order (float: half the cache footprint)
    private readonly int[] _tagTreeEnd;     // trees of tag t are [_tagTreeEnd[t-1], _tagTreeEnd[t])
    private readonly double[] _bias;
    private readonly double[] _slope;
    private readonly double[] _offset;
    private readonly float[]? _linear;      // per compact feature f: the linear weight of tag t at f * _linearStride + t (zero-padded); null for FastTree alone
    private readonly int _linearStride;     // TagCount rounded up to a whole number of 4-lane vectors
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

        // Plain loops over arrays throughout: this runs in every process before the first sentence is scored, and
        // LINQ, List<T>, lookups and sorted sets over our structs are generic code ReadyToRun cannot precompile
        // (about 20 ms of JIT per process, measured).
        _bias = new double[TagCount];
        _slope = new double[TagCount];
        _offset = new double[TagCount];
        _tagTreeEnd = new int[TagCount];
        int treeCount = 0, maxLeaves = 1, splitCount = 0;
        for (int t = 0; t < TagCount; t++)
        {
            TagEnsemble tag = tags[t];
            _bias[t] = tag.Bias;
            _slope[t] = tag.PlattSlope;
            _offset[t] = tag.PlattOffset;
            for (int i = 0; i < tag.Trees.Count; i++)
            {
                TreeData data = tag.Trees[i];
                if (data.Leaves.Length > 64)
                {
                    throw new InvalidDataException($"a tree has {data.Leaves.Length} leaves; at most 64 are supported");
                }

                maxLeaves = Math.Max(maxLeaves, data.Leaves.Length);
                splitCount += data.Left.Length;
            }

            treeCount += tag.Trees.Count;
            _tagTreeEnd[t] = treeCount;
        }

        TreeCount = treeCount;
        // The narrowest mask that holds every tree's leaves, and whose record field can number every tree: the built-in model's
        // 16-leaf trees take 4-byte records, a quarter of the 16 bytes a 64-bit mask and its tree take. See Split<TWord>.
        _maskBytes = maxLeaves <= 16 && treeCount <= 1 << 16 ? sizeof(ushort) : maxLeaves <= 32 ? sizeof(uint) : sizeof(ulong);
        ulong[] baseline = new ulong[treeCount];
        _leafShift = BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)maxLeaves));
        _leafValues = new float[treeCount << _leafShift];
        var splits = new TreeSplit[splitCount];
        int splitEnd = 0, maxFeature = -1;
        for (int t = 0, tree = 0; t < TagCount; t++)
        {
            for (int i = 0; i < tags[t].Trees.Count; i++, tree++)
            {
                TreeData data = tags[t].Trees[i];
                baseline[tree] = ulong.MaxValue;
                int position = 0;
                var orderedLeaves = new double[data.Leaves.Length];
                Visit(data, data.Left.Length == 0 ? ~0 : 0, ref position, orderedLeaves, tree, splits, ref splitEnd);
                for (int leaf = 0; leaf < orderedLeaves.Length; leaf++)
                {
                    _leafValues[(tree << _leafShift) + leaf] = (float)(orderedLeaves[leaf] * data.Weight);
                }
            }
        }

        // Splits with a negative threshold send a zero value right: fold them into the starting masks.
        for (int i = 0; i < splitEnd; i++)
        {
            if (splits[i].Threshold < 0)
            {
                baseline[splits[i].Tree] &= splits[i].Mask;
            }
            else
            {
                maxFeature = Math.Max(maxFeature, splits[i].Feature);
            }
        }

        // The features worth counting: those some split tests against a value above zero, and those with a
        // linear weight. Compact ids follow feature order.
        bool[] used = new bool[Math.Max(vocabulary.Count, maxFeature + 1)];
        int[] groupStart = new int[used.Length + 1]; // the splits on feature i are byFeature[groupStart[i]..groupStart[i + 1]]
        for (int i = 0; i < splitEnd; i++)
        {
            if (splits[i].Threshold >= 0)
            {
                used[splits[i].Feature] = true;
                groupStart[splits[i].Feature + 1]++;
            }
        }

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
                        used[i] = true;
                    }
                }
            }
        }

        int usedCount = 0;
        for (int i = 0; i < used.Length; i++)
        {
            usedCount += used[i] ? 1 : 0;
            groupStart[i + 1] += groupStart[i];
        }

        int[] features = new int[usedCount];
        for (int i = 0, f = 0; i < used.Length; i++)
        {
            if (used[i])
            {
                features[f++] = i;
            }
        }

        UsedFeatureCount = features.Length;
        UsedFeatures = features;

        // Grouped by feature in ascending order (a stable counting sort), then each group by threshold and tree.
        int placedCount = groupStart[used.Length];
        var byFeature = new TreeSplit[placedCount];
        int[] next = new int[used.Length];
        Array.Copy(groupStart, next, used.Length);
        for (int i = 0; i < splitEnd; i++)
        {
            if (splits[i].Threshold >= 0)
            {
                byFeature[next[splits[i].Feature]++] = splits[i];
            }
        }

        _groups = new FeatureGroup[features.Length];
        _gathers = new Gather[features.Length];
        for (int f = 0; f < features.Length; f++)
        {
            int start = groupStart[features[f]], end = groupStart[features[f] + 1];
            SortByThresholdThenTree(byFeature, start, end);
            int conditional = start;
            while (conditional < end && byFeature[conditional].Threshold < 1)
            {
                conditional++;
            }

            _groups[f] = new FeatureGroup(start, conditional, end, BelowTwo: 0);
            int always = conditional - start;
            _gathers[f] = new Gather(start, (short)Math.Min(always, FirstCopy),
                always > FirstCopy ? (short)1 : end > conditional ? (short)2 : short.MaxValue);
        }

        _thresholds = new float[placedCount + PendingSlack];
        for (int i = 0; i < placedCount; i++)
        {
            _thresholds[i] = byFeature[i].Threshold;
        }

        (_splits, _baseline) = _maskBytes switch
        {
            sizeof(ushort) => ((Array)Records<ushort>(byFeature, placedCount), (Array)Words<ushort>(baseline)),
            sizeof(uint) => (Records<uint>(byFeature, placedCount), Words<uint>(baseline)),
            _ => (Records<ulong>(byFeature, placedCount), Words<ulong>(baseline)),
        };

        // The conditional splits a count of 2 takes, by the same rule Evaluate applies to higher counts.
        for (int f = 0; f < _groups.Length; f++)
        {
            _groups[f] = _groups[f] with { BelowTwo = ConditionalTaken(_thresholds, _groups[f], Settings.Value(2)) };
        }

        if (linear is not null)
        {
            _linearWeight = linearWeight;
            _linearBias = new double[TagCount];
            _linearSlope = new double[TagCount];
            _linearOffset = new double[TagCount];
            for (int t = 0; t < TagCount; t++)
            {
                _linearBias[t] = linear[t].Bias;
                _linearSlope[t] = linear[t].PlattSlope;
                _linearOffset[t] = linear[t].PlattOffset;
            }

            _linearStride = (TagCount + 3) & ~3;
            _linear = new float[features.Length * _linearStride];
            for (int f = 0; f < features.Length; f++)
            {
                for (int t = 0; t < TagCount; t++)
                {
                    _linear[(f * _linearStride) + t] = features[f] < linear[t].Weights.Count ? linear[t].Weights[features[f]] : 0;
                }
            }
        }

        int keyCount = 0;
        foreach (int feature in features)
        {
            keyCount += vocabulary.KeysOf(feature).Length;
        }

        // At most a quarter full (32,768 slots, 512 KB, for the built-in model), so that a present key almost always sits in its
        // home slot. Per sentence, 8,192 slots measured 3.67 us, 16,384 slots 3.45 us and 32,768 slots 3.35 us: mispredicted
        // probe branches cost more than the larger table's cache misses, which the prefetches in Count hide. (Measured when
        // slots were a key's low bits. They are now its top bits, as the filter's are, so the few keys per sentence that pass
        // the filter without being in the table, about 8 of 193, start at an occupied slot and probe on. Measured again
        // then, on 400k sentences: half full took 4% more CPU, an eighth full the same.)
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, keyCount * 4));
        _filter = new ulong[KeyFilter.Words];
        _table = new Entry[capacity];
        _mask = capacity - 1;
        _slotShift = 64 - BitOperations.Log2((uint)capacity);
        for (int f = 0; f < features.Length; f++)
        {
            foreach (ulong key in vocabulary.KeysOf(features[f]))
            {
                int slot = (int)(key >> _slotShift);
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
    /// <remarks>
    /// <para>The table is too large for L1 and a sentence's keys land all over it, so every slot is first asked for
    /// (a prefetch) and only then probed: the probes' cache misses overlap instead of waiting for each other behind
    /// the branches of the probe loop.</para>
    /// <para>Each hit writes its feature to the end of <see cref="ScoringWorkspace.Touched"/> (which has room for
    /// every feature) and advances the end only for a first occurrence, with no branch on whether it is one.</para>
    /// </remarks>
    internal void Count(ReadOnlySpan<ulong> keys, ScoringWorkspace workspace)
    {
        ref Entry table = ref MemoryMarshal.GetArrayDataReference(_table);
        int mask = _mask;
        int shift = _slotShift;
        if (Sse.IsSupported)
        {
            foreach (ulong key in keys)
            {
                unsafe
                {
                    Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref table, (int)(key >> shift))));
                }
            }
        }

        ref int counts = ref MemoryMarshal.GetArrayDataReference(workspace.Counts);
        ref int touched = ref MemoryMarshal.GetArrayDataReference(workspace.Touched);
        int touchedCount = workspace.TouchedCount;
        foreach (ulong key in keys)
        {
            int slot = (int)(key >> shift);
            while (true)
            {
                ref Entry e = ref Unsafe.Add(ref table, slot);
                if (e.Key == key)
                {
                    ref int count = ref Unsafe.Add(ref counts, e.Feature);
                    Unsafe.Add(ref touched, touchedCount) = e.Feature;
                    touchedCount += count == 0 ? 1 : 0;
                    count++;
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

    /// <summary>
    /// One split as <see cref="Evaluate"/> applies it: the tree it belongs to and the leaves it leaves possible, in one
    /// record so that applying it touches one cache line. Both fields are as wide as the forest's leaf masks (16, 32 or 64
    /// bits, the narrowest that holds every tree's leaves and numbers every tree), so a record is 4, 8 or 16 bytes.
    /// </summary>
    /// <remarks>Most of <see cref="Evaluate"/>'s time goes to copying and applying these records. With the built-in
    /// model's 16-leaf trees the split list takes 27 KB (16-byte records, one 64-bit mask for every forest, took 108 KB, more
    /// than L1 holds) and sixteen records are two 32-byte moves: Evaluate 1.25 -> 1.09 us per sentence in-process, 400k
    /// sentences 1.805 -> 1.655 s of CPU in the native build.</remarks>
    [StructLayout(LayoutKind.Sequential)]
    internal readonly struct Split<TWord>(TWord tree, TWord mask)
        where TWord : unmanaged, IBinaryInteger<TWord>
    {
        public readonly TWord Tree = tree;
        public readonly TWord Mask = mask;
    }

    // A feature's splits are _splits[Start..End]: those in [Start, Conditional) have thresholds below 1 and apply whenever the
    // feature is counted; those after apply only to a value above their threshold, the first BelowTwo of them to a count of 2.
    private readonly record struct FeatureGroup(int Start, int Conditional, int End, int BelowTwo);

    // The first pass's view of a feature: its splits start at Start, the first Copy of them (at most FirstCopy) always
    // apply, and a count of DeferFrom or more sends the feature to the second pass: 1 when it has more always-applying
    // splits than one copy holds, 2 when it has splits that depend on a count above 1, short.MaxValue otherwise (a count
    // that high only costs a second pass that finds nothing to add). Read from FeatureGroup, the minimum and the test
    // compiled to two branches per feature, one of them mispredicted for the one feature in thirteen that is deferred;
    // from this record the first pass has no branch but its loop's (Evaluate 1.59 -> 1.50 us per sentence).
    private readonly record struct Gather(int Start, short Copy, short DeferFrom);

    /// <summary>The most splits <see cref="Evaluate"/> copies at once; also the empty records at the end of the split list, and
    /// the room a workspace's pending list has beyond the number of splits.</summary>
    internal const int PendingSlack = 16;

    // How many always-applying splits the first pass copies per feature; a feature with more goes to the second pass, which
    // copies the rest sixteen at a time. With 16-byte records, 8 measured 2.69 us per sentence, 16 measured 2.84 us (eight
    // more moves for features that need about two splits) and 4 measured 2.85 us (too many features went to the second
    // pass). With the built-in model's 4-byte records, 16 records are two 32-byte moves: 16 measured 2.63-2.68 us against
    // 2.64-2.73 us for 8 (in-process), and 0.935 against 0.995 s for 400k sentences in the native build.
    internal const int FirstCopy = 16;

    /// <summary>The most always-applying splits one feature has, and how many splits apply only to counts above 1 (for tests).</summary>
    internal (int MostAlways, int Conditional) SplitShape()
    {
        int most = 0, conditional = 0;
        foreach (FeatureGroup g in _groups)
        {
            most = Math.Max(most, g.Conditional - g.Start);
            conditional += g.End - g.Conditional;
        }

        return (most, conditional);
    }

    /// <summary>The width of the forest's leaf masks in bytes: 2, 4 or 8 (for tests).</summary>
    internal int MaskBytes => _maskBytes;

    /// <summary>A workspace's per-tree leaf masks, as wide as the forest's.</summary>
    internal Array CreateMasks() => (Array)_baseline.Clone();

    /// <summary>
    /// A list long enough for every split of the forest to be pending at once, plus the slack of the last copy: each split
    /// is gathered at most once, so a copy starts at or before the split count and ends within the PendingSlack records
    /// the split list already ends in.
    /// </summary>
    /// <remarks>A copy of the split list: the same type and length, and Evaluate reads only what it has written.</remarks>
    internal Array CreatePendingList() => (Array)_splits.Clone();

    // The split records of byFeature[0..count), then PendingSlack empty ones; a mask keeps its low bits, all a tree has.
    private static Split<TWord>[] Records<TWord>(TreeSplit[] byFeature, int count)
        where TWord : unmanaged, IBinaryInteger<TWord>
    {
        var records = new Split<TWord>[count + PendingSlack];
        for (int i = 0; i < count; i++)
        {
            records[i] = new Split<TWord>(TWord.CreateTruncating(byFeature[i].Tree), TWord.CreateTruncating(byFeature[i].Mask));
        }

        return records;
    }

    private static TWord[] Words<TWord>(ulong[] masks)
        where TWord : unmanaged, IBinaryInteger<TWord>
    {
        var words = new TWord[masks.Length];
        for (int i = 0; i < masks.Length; i++)
        {
            words[i] = TWord.CreateTruncating(masks[i]);
        }

        return words;
    }

    // A split while the forest is compiled: the feature it tests, and the leaves it rules out (Mask).
    private readonly record struct TreeSplit(int Feature, float Threshold, int Tree, ulong Mask);

    /// <summary>Calibrated probabilities for the features counted in <paramref name="workspace"/>.</summary>
    public void Evaluate(ScoringWorkspace workspace, Span<float> probabilities)
    {
        switch (_maskBytes)
        {
            case sizeof(ushort):
                Evaluate<ushort>(workspace, probabilities);
                break;
            case sizeof(uint):
                Evaluate<uint>(workspace, probabilities);
                break;
            default:
                Evaluate<ulong>(workspace, probabilities);
                break;
        }
    }

    private void Evaluate<TWord>(ScoringWorkspace workspace, Span<float> probabilities)
        where TWord : unmanaged, IBinaryInteger<TWord>
    {
        // The arrays were made for this width (the constructor and CreateMasks/CreatePendingList pick it once), so the casts
        // are only reinterpretations.
        TWord[] masks = Unsafe.As<TWord[]>(workspace.Masks);
        Unsafe.As<TWord[]>(_baseline).AsSpan().CopyTo(masks);
        int[] counts = workspace.Counts;
        ReadOnlySpan<int> touched = workspace.Touched.AsSpan(0, workspace.TouchedCount);
        FeatureSettings settings = Settings;
        Span<double> dot = stackalloc double[MaxTags];
        if (_linear is not null)
        {
            LinearDot(touched, counts, settings, dot);
        }

        // Gather every split the sentence's features take into one list, then apply the list. A counted feature's value
        // is at least 1, so its splits with thresholds below 1 (nearly nine in ten) always apply: the first FirstCopy
        // of them are copied whole, with no test, and a feature with more, or with a count above 1 and splits that
        // depend on it, is noted for a second pass. Nothing in the first pass depends on how many splits a feature has:
        // looping over each feature's splits ended every feature at a different count, a mispredicted branch per
        // feature that also held up the next features' loads.
        ref Split<TWord> splits = ref MemoryMarshal.GetArrayDataReference(Unsafe.As<Split<TWord>[]>(_splits));
        ref Split<TWord> pending = ref MemoryMarshal.GetArrayDataReference(Unsafe.As<Split<TWord>[]>(workspace.Pending));
        ref FeatureGroup groups = ref MemoryMarshal.GetArrayDataReference(_groups);
        ref Gather gathers = ref MemoryMarshal.GetArrayDataReference(_gathers);
        ref int countRef = ref MemoryMarshal.GetArrayDataReference(counts);
        ref int deferredRef = ref MemoryMarshal.GetArrayDataReference(workspace.Deferred);
        // The pending list and the deferred pairs are walked by reference, and each feature's Gather read in place: with
        // indexes and a copy of the record, the native build kept the record on the stack and rescaled the indexes for
        // every feature (2.61 -> 2.55 us per sentence).
        ref Split<TWord> pendingNext = ref pending;
        ref int deferredNext = ref deferredRef;
        foreach (int f in touched)
        {
            ref int count = ref Unsafe.Add(ref countRef, f);
            int c = count;
            count = 0; // leave the workspace clean for the next sentence
            ref Gather gather = ref Unsafe.Add(ref gathers, f);
            Copy(ref Unsafe.Add(ref splits, gather.Start), ref pendingNext, FirstCopy);
            pendingNext = ref Unsafe.Add(ref pendingNext, gather.Copy);
            deferredNext = f;
            Unsafe.Add(ref deferredNext, 1) = c;
            deferredNext = ref Unsafe.Add(ref deferredNext, 2 * (int)((uint)(gather.DeferFrom - 1 - c) >> 31)); // c >= DeferFrom, without a branch
        }

        int n = (int)(Unsafe.ByteOffset(ref pending, ref pendingNext) / Unsafe.SizeOf<Split<TWord>>());
        int deferred = (int)(Unsafe.ByteOffset(ref deferredRef, ref deferredNext) / (2 * sizeof(int)));

        // The second pass copies whole runs sixteen records at a time, as the first does, rather than one record per
        // iteration: a loop per record ended at a different count for every feature, a mispredicted branch each. Most
        // features here were counted twice, and which of their conditional splits a count of 2 takes is known in advance.
        for (int d = 0; d < deferred; d++)
        {
            FeatureGroup group = Unsafe.Add(ref groups, Unsafe.Add(ref deferredRef, 2 * d));
            int c = Unsafe.Add(ref deferredRef, (2 * d) + 1);
            n = CopyRun(ref splits, group.Start + FirstCopy, group.Conditional, ref pending, n);
            int taken = c == 2 ? group.BelowTwo : c > 2 ? ConditionalTaken(_thresholds, group, settings.Value(c)) : 0;
            n = CopyRun(ref splits, group.Conditional, group.Conditional + taken, ref pending, n);
        }

        ref TWord maskRef = ref MemoryMarshal.GetArrayDataReference(masks);
        // Walked by reference rather than by index: the index loop spent four of its ten instructions per split on
        // widening and scaling the index.
        ref Split<TWord> next = ref pending;
        ref Split<TWord> pendingEnd = ref Unsafe.Add(ref pending, n);
        while (Unsafe.IsAddressLessThan(ref next, ref pendingEnd))
        {
            Unsafe.Add(ref maskRef, nuint.CreateTruncating(next.Tree)) &= next.Mask;
            next = ref Unsafe.Add(ref next, 1);
        }

        workspace.TouchedCount = 0;
        ref float leaves = ref MemoryMarshal.GetArrayDataReference(_leafValues);
        int shift = _leafShift;
        int tree = 0;
        for (int t = 0; t < TagCount; t++)
        {
            // Four partial sums, so that each addition waits for the one four trees back rather than the last:
            // a single running sum made this loop a chain of dependent additions as long as the forest. Leaf
            // values are floats added in double, where sums of a few hundred floats are exact in any order as
            // long as the leaves' magnitudes lie within 2^29 of each other, so the split changes no result
            // (and otherwise by a rounding of the double, far below the float probability).
            int end = _tagTreeEnd[t];
            double s0 = _bias[t], s1 = 0, s2 = 0, s3 = 0;
            for (; tree + 3 < end; tree += 4)
            {
                s0 += Leaf(ref leaves, ref maskRef, tree, shift);
                s1 += Leaf(ref leaves, ref maskRef, tree + 1, shift);
                s2 += Leaf(ref leaves, ref maskRef, tree + 2, shift);
                s3 += Leaf(ref leaves, ref maskRef, tree + 3, shift);
            }

            for (; tree < end; tree++)
            {
                s0 += Leaf(ref leaves, ref maskRef, tree, shift);
            }

            double sum = (s0 + s1) + (s2 + s3);
            probabilities[t] = _linear is null
                ? Calibrate((float)sum, _slope[t], _offset[t])
                : Blend(Margin((float)sum, _slope[t], _offset[t]), Margin((float)(_linearBias[t] + dot[t]), _linearSlope[t], _linearOffset[t]), _linearWeight);
        }
    }

    // Copies `records` split records (a constant: FirstCopy or PendingSlack) in 32-byte moves, which the compiler unrolls, as
    // the branches on the constant size fold away. Unsafe.CopyBlockUnaligned does the same inline in tier-1 code on an AVX-512
    // machine, but code built for a baseline instruction set (ReadyToRun's, until tier 1 replaces it) called memmove for it,
    // once per feature: ReadyToRun scoring measured 4.94 against 3.74 us per sentence with explicit moves.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy<TWord>(ref Split<TWord> source, ref Split<TWord> destination, int records)
        where TWord : unmanaged, IBinaryInteger<TWord>
    {
        int bytes = records * Unsafe.SizeOf<Split<TWord>>();
        Debug.Assert(bytes is 32 or 64 or 128 or 256);
        ref byte from = ref Unsafe.As<Split<TWord>, byte>(ref source);
        ref byte to = ref Unsafe.As<Split<TWord>, byte>(ref destination);
        Vector256.LoadUnsafe(ref from, 0).StoreUnsafe(ref to, 0);
        if (bytes >= 64)
        {
            Vector256.LoadUnsafe(ref from, 32).StoreUnsafe(ref to, 32);
        }

        if (bytes >= 128)
        {
            Vector256.LoadUnsafe(ref from, 64).StoreUnsafe(ref to, 64);
            Vector256.LoadUnsafe(ref from, 96).StoreUnsafe(ref to, 96);
        }

        if (bytes >= 256)
        {
            Vector256.LoadUnsafe(ref from, 128).StoreUnsafe(ref to, 128);
            Vector256.LoadUnsafe(ref from, 160).StoreUnsafe(ref to, 160);
            Vector256.LoadUnsafe(ref from, 192).StoreUnsafe(ref to, 192);
            Vector256.LoadUnsafe(ref from, 224).StoreUnsafe(ref to, 224);
        }
    }

    // How many of a feature's conditional splits a value takes: those with thresholds below it, a prefix of them (sorted).
    private static int ConditionalTaken(float[] thresholds, FeatureGroup group, float value)
    {
        int k = group.Conditional;
        while (k < group.End && thresholds[k] < value)
        {
            k++;
        }

        return k - group.Conditional;
    }

    // Appends splits[start..end) to the pending list at n, sixteen records per copy, and returns the new length. A copy may
    // run past end, into the next feature's records or the empty ones the split list ends in; n counts only those asked for.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CopyRun<TWord>(ref Split<TWord> splits, int start, int end, ref Split<TWord> pending, int n)
        where TWord : unmanaged, IBinaryInteger<TWord>
    {
        for (int k = start; k < end; k += PendingSlack)
        {
            Copy(ref Unsafe.Add(ref splits, k), ref Unsafe.Add(ref pending, n), PendingSlack);
            n += Math.Min(PendingSlack, end - k);
        }

        return n;
    }

    // The exit leaf's value of one tree: the lowest leaf its mask still allows (a mask is never zero: the leaf the tree's
    // walk reaches is never ruled out).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Leaf<TWord>(ref float leaves, ref TWord masks, int tree, int shift)
        where TWord : unmanaged, IBinaryInteger<TWord>
    {
        TWord mask = Unsafe.Add(ref masks, tree);
        int leaf = Unsafe.SizeOf<TWord>() == sizeof(ulong)
            ? BitOperations.TrailingZeroCount(ulong.CreateTruncating(mask))
            : BitOperations.TrailingZeroCount(uint.CreateTruncating(mask));
        return Unsafe.Add(ref leaves, (tree << shift) + leaf);
    }

    // The linear models' sparse dot products, four tags per pass with the sums in registers: kept in memory, each
    // feature's additions waited on the previous feature's. Each lane does what a scalar loop would (a float product
    // widened to double and added in feature order), so the sums are the same to the bit. Inlined into Evaluate: vector
    // code has no ReadyToRun code on an AVX-512 machine, so on its own this started as tier-0 code and ran unoptimised
    // (1.5% of a 400,000-sentence run) until the tier-1 queue reached it; Evaluate is compiled fully optimised at its
    // first call (its stackalloc rules out on-stack replacement), and now this with it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void LinearDot(ReadOnlySpan<int> touched, int[] counts, FeatureSettings settings, Span<double> dot)
    {
        ref float weights = ref MemoryMarshal.GetArrayDataReference(_linear!);
        ref int countRef = ref MemoryMarshal.GetArrayDataReference(counts);
        int stride = _linearStride;
        if (Vector256.IsHardwareAccelerated)
        {
            // The same arithmetic with the four sums in one register: one widening conversion and one addition per feature.
            for (int lane = 0; lane < stride; lane += 4)
            {
                Vector256<double> sums = Vector256<double>.Zero;
                foreach (int f in touched)
                {
                    Vector128<float> product = Vector128.LoadUnsafe(ref weights, (nuint)((f * stride) + lane)) * settings.Value(Unsafe.Add(ref countRef, f));
                    sums += Vector256.WidenLower(product.ToVector256Unsafe());
                }

                sums.CopyTo(dot[lane..]);
            }

            return;
        }

        for (int lane = 0; lane < stride; lane += 4)
        {
            Vector128<double> low = Vector128<double>.Zero, high = Vector128<double>.Zero;
            foreach (int f in touched)
            {
                Vector128<float> product = Vector128.LoadUnsafe(ref weights, (nuint)((f * stride) + lane)) * settings.Value(Unsafe.Add(ref countRef, f));
                low += Vector128.WidenLower(product);
                high += Vector128.WidenUpper(product);
            }

            low.CopyTo(dot[lane..]);
            high.CopyTo(dot[(lane + 2)..]);
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
        TreeSplit[] splits, ref int splitCount)
    {
        if (node < 0)
        {
            int p = position++;
            orderedLeaves[p] = tree.Leaves[~node];
            return (p, p + 1);
        }

        (int lo, int mid) = Visit(tree, tree.Left[node], ref position, orderedLeaves, treeIndex, splits, ref splitCount);
        (_, int hi) = Visit(tree, tree.Right[node], ref position, orderedLeaves, treeIndex, splits, ref splitCount);
        int width = mid - lo;
        ulong left = (width == 64 ? ulong.MaxValue : ((1UL << width) - 1)) << lo;
        splits[splitCount++] = new TreeSplit(tree.Feature[node], tree.Threshold[node], treeIndex, ~left);
        return (lo, hi);
    }

    // A stable insertion sort of group[start..end] by threshold, then tree: a feature's splits are few (a handful on average), and a
    // generic sort over this struct would be compiled at run time in every process.
    private static void SortByThresholdThenTree(TreeSplit[] group, int start, int end)
    {
        for (int i = start + 1; i < end; i++)
        {
            TreeSplit item = group[i];
            int j = i - 1;
            while (j >= start && ComesAfter(group[j], item))
            {
                group[j + 1] = group[j];
                j--;
            }

            group[j + 1] = item;
        }
    }

    // The order OrderBy(threshold).ThenBy(tree) gives: float's CompareTo, so -0 and 0 tie.
    private static bool ComesAfter(in TreeSplit a, in TreeSplit b)
    {
        int byThreshold = a.Threshold.CompareTo(b.Threshold);
        return byThreshold > 0 || (byThreshold == 0 && a.Tree > b.Tree);
    }
}
