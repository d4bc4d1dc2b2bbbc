using System.Runtime.InteropServices;

namespace RhetoricClassifier.Features;

/// <summary>
/// The n-grams that are features, in feature-index order, each written as <c>w:</c> (word n-gram) or
/// <c>c:</c> (character n-gram) followed by its normalised text. Immutable.
/// </summary>
internal sealed class FeatureVocabulary
{
    private readonly Dictionary<ulong, int> _index;

    public FeatureVocabulary(FeatureSettings settings, IReadOnlyList<string> grams)
    {
        Settings = settings;
        Grams = grams;
        _index = new Dictionary<ulong, int>(grams.Count);
        for (int i = 0; i < grams.Count; i++)
        {
            if (!_index.TryAdd(NgramExtractor.KeyOf(grams[i]), i))
            {
                throw new InvalidDataException($"n-gram key collision at '{grams[i]}'");
            }
        }
    }

    public FeatureSettings Settings { get; }

    public IReadOnlyList<string> Grams { get; }

    public int Count => Grams.Count;

    public bool TryGetIndex(ulong key, out int index) => _index.TryGetValue(key, out index);

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
            string normalized = TextNormalizer.Normalize(text);
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
        string normalized = TextNormalizer.Normalize(sentence);
        var counter = new IndexCounter { Vocabulary = this, Counts = [] };
        NgramExtractor.Extract(normalized.AsSpan(), Settings, ref counter);
        int[] indices = counter.Counts.Keys.Order().ToArray();
        float[] values = indices.Select(i => (float)counter.Counts[i]).ToArray();
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

        public readonly void Add(ulong key, int start, int length, bool isWord)
        {
            ref GramStats? entry = ref CollectionsMarshal.GetValueRefOrAddDefault(Frequencies, key, out bool exists);
            entry ??= new GramStats(string.Concat(isWord ? "w:" : "c:", Text.AsSpan(start, length)));
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

        public readonly void Add(ulong key, int start, int length, bool isWord)
        {
            if (Vocabulary.TryGetIndex(key, out int index))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(Counts, index, out _)++;
            }
        }
    }
}
