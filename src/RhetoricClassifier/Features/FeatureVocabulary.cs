using System.Numerics;
using System.Runtime.InteropServices;

namespace RhetoricClassifier.Features;

/// <summary>
/// The n-grams that are features, in feature-index order, each written as <c>w:</c> (word n-gram) or
/// <c>c:</c> (character n-gram) followed by its normalised text, or <c>l:NAME=words</c> (a cue lexicon,
/// counted once per word of the sentence in it). Immutable.
/// </summary>
internal sealed class FeatureVocabulary
{
    // Key -> feature index, open addressing (keys are never zero: zero marks an empty slot). Not a Dictionary:
    // every process that loads a model builds this, and Dictionary<ulong, int> is generic code ReadyToRun leaves to
    // the JIT (compiled at start-up, then run unoptimised for the thousands of inserts).
    private readonly ulong[] _slotKeys;
    private readonly int[] _slotFeatures;
    private readonly int _slotMask;
    private readonly int _slotShift; // a key's home slot is its top bits (see NgramExtractor's remarks)
    private readonly ulong[][] _keys;

    public FeatureVocabulary(FeatureSettings settings, IReadOnlyList<string> grams)
    {
        Settings = settings;
        Grams = grams;
        _keys = new ulong[grams.Count][];
        int keyCount = 0;
        for (int i = 0; i < grams.Count; i++)
        {
            // A cue lexicon is one feature reached from each of its words.
            _keys[i] = grams[i].StartsWith("l:", StringComparison.Ordinal)
                ? DistinctCueKeys(CueLexicons.WordsOf(grams[i]))
                : [NgramExtractor.KeyOf(grams[i])];
            keyCount += _keys[i].Length;
        }

        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, keyCount * 2));
        _slotKeys = new ulong[capacity];
        _slotFeatures = new int[capacity];
        _slotMask = capacity - 1;
        _slotShift = 64 - BitOperations.Log2((uint)capacity);
        for (int i = 0; i < grams.Count; i++)
        {
            foreach (ulong key in _keys[i])
            {
                int slot = (int)(key >> _slotShift);
                while (_slotKeys[slot] != 0)
                {
                    if (_slotKeys[slot] == key)
                    {
                        throw new InvalidDataException($"n-gram key collision at '{grams[i]}'");
                    }

                    slot = (slot + 1) & _slotMask;
                }

                _slotKeys[slot] = key;
                _slotFeatures[slot] = i;
            }
        }
    }

    // The distinct keys of a lexicon's words, in word order. A loop rather than LINQ's Distinct: this runs at every
    // model load, and Distinct over ulong is generic code ReadyToRun leaves to the JIT; a lexicon has tens of words.
    private static ulong[] DistinctCueKeys(string[] words)
    {
        var keys = new ulong[words.Length];
        int count = 0;
        foreach (string word in words)
        {
            ulong key = NgramExtractor.CueKeyOf(word);
            if (Array.IndexOf(keys, key, 0, count) < 0)
            {
                keys[count++] = key;
            }
        }

        return keys.AsSpan(0, count).ToArray();
    }

    /// <summary>The keys that count towards feature <paramref name="index"/>: one for an n-gram, one per word for a cue lexicon.</summary>
    public ReadOnlySpan<ulong> KeysOf(int index) => _keys[index];

    public FeatureSettings Settings { get; }

    public IReadOnlyList<string> Grams { get; }

    public int Count => Grams.Count;

    public bool TryGetIndex(ulong key, out int index)
    {
        for (int slot = (int)(key >> _slotShift); _slotKeys[slot] != 0; slot = (slot + 1) & _slotMask)
        {
            if (_slotKeys[slot] == key)
            {
                index = _slotFeatures[slot];
                return true;
            }
        }

        index = 0;
        return false;
    }

    /// <summary>
    /// Learns the vocabulary: among n-grams in at least <paramref name="minDocFrequency"/> sentences, the
    /// <paramref name="featuresPerTag"/> most associated with each tag (by the chi-squared statistic of
    /// "contains the n-gram" against "carries the tag"), pooled over the tags.
    /// </summary>
    /// <remarks>
    /// FastTree's cost per tree grows with the number of features, and most n-grams say nothing about any
    /// tag; selecting per tag keeps training fast and the trees focused without losing the rare but
    /// telling n-grams that a plain frequency cut would drop.
    /// </remarks>
    public static FeatureVocabulary Build(IReadOnlyList<(string Text, TagSet Labels)> sentences, FeatureSettings settings, int minDocFrequency,
        int featuresPerTag, CancellationToken cancellationToken)
    {
        var df = new Dictionary<ulong, GramStats>();
        var collector = new GramCollector { Frequencies = df };
        int[] positives = new int[RhetoricTags.Count];
        foreach ((string text, TagSet labels) in sentences)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string normalized = TextNormalizer.Normalize(text, settings.QuoteTokens);
            collector.Text = normalized;
            collector.Doc++;
            collector.Labels = labels;
            NgramExtractor.Extract(normalized.AsSpan(), settings, ref collector);
            for (int t = 0; t < RhetoricTags.Count; t++)
            {
                positives[t] += labels.Contains((RhetoricTag)t) ? 1 : 0;
            }
        }

        var candidates = df.Values.Where(v => v.Count >= minDocFrequency).ToList();
        var selected = new HashSet<string>(StringComparer.Ordinal);
        for (int t = 0; t < RhetoricTags.Count; t++)
        {
            cancellationToken.ThrowIfCancellationRequested(); // each tag sorts every candidate n-gram
            int tag = t;
            foreach (GramStats g in candidates
                .Select(g => (Gram: g, Score: ChiSquared(g.Count, g.Positives(tag), positives[tag], sentences.Count)))
                .OrderByDescending(x => x.Score)
                .ThenBy(x => x.Gram.Gram, StringComparer.Ordinal)
                .Take(featuresPerTag)
                .Select(x => x.Gram))
            {
                selected.Add(g.Gram);
            }
        }

        var grams = candidates
            .Where(g => selected.Contains(g.Gram))
            .OrderByDescending(g => g.Count)
            .ThenBy(g => g.Gram, StringComparer.Ordinal)
            .Select(g => g.Gram)
            .ToList();
        if (settings.CueLexicons)
        {
            grams.AddRange(CueLexicons.All.Select(l => CueLexicons.Gram(l.Name, l.Words)));
        }

        return new FeatureVocabulary(settings, grams);
    }

    // 2x2 chi-squared of (n-gram present) against (tag present) over n sentences.
    private static double ChiSquared(int withGram, int withGramAndTag, int withTag, int n)
    {
        double a = withGramAndTag, b = withGram - withGramAndTag, c = withTag - withGramAndTag, d = n - withGram - withTag + withGramAndTag;
        double denominator = (a + b) * (c + d) * (a + c) * (b + d);
        return denominator == 0 ? 0 : n * Math.Pow((a * d) - (b * c), 2) / denominator;
    }

    /// <summary>The sparse count vector of one sentence: sorted feature indices and their counts.</summary>
    public (int[] Indices, float[] Values) Featurize(string sentence)
    {
        string normalized = TextNormalizer.Normalize(sentence, Settings.QuoteTokens);
        var counter = new IndexCounter { Vocabulary = this, Counts = [] };
        NgramExtractor.Extract(normalized.AsSpan(), Settings, ref counter);
        int[] indices = counter.Counts.Keys.Order().ToArray();
        float[] values = indices.Select(i => Settings.Value(counter.Counts[i])).ToArray();
        return (indices, values);
    }

    private sealed class GramStats(string gram)
    {
        public string Gram { get; } = gram;

        public int Count;
        public int LastDoc = -1;
        public int AiJustification;
        public int CostCapex;
        public int HumanImpact;

        public int Positives(int tag) => tag switch { 0 => AiJustification, 1 => CostCapex, _ => HumanImpact };
    }

    private struct GramCollector : INgramSink
    {
        public Dictionary<ulong, GramStats> Frequencies;
        public string Text;
        public int Doc;
        public TagSet Labels;

        public readonly void Add(ulong key, int start, int length, GramKind kind)
        {
            if (kind == GramKind.Cue)
            {
                return; // lexicon features are not selected: they are always in the vocabulary
            }

            ref GramStats? entry = ref CollectionsMarshal.GetValueRefOrAddDefault(Frequencies, key, out bool exists);
            entry ??= new GramStats(string.Concat(kind == GramKind.Word ? "w:" : "c:", Text.AsSpan(start, length)));
            if (entry.LastDoc != Doc)
            {
                entry.Count++;
                entry.LastDoc = Doc;
                entry.AiJustification += Labels.Contains(RhetoricTag.AiJustification) ? 1 : 0;
                entry.CostCapex += Labels.Contains(RhetoricTag.CostCapex) ? 1 : 0;
                entry.HumanImpact += Labels.Contains(RhetoricTag.HumanImpact) ? 1 : 0;
            }
        }
    }

    private struct IndexCounter : INgramSink
    {
        public FeatureVocabulary Vocabulary;
        public Dictionary<int, int> Counts;

        public readonly void Add(ulong key, int start, int length, GramKind kind)
        {
            if (Vocabulary.TryGetIndex(key, out int index))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(Counts, index, out _)++;
            }
        }
    }
}
