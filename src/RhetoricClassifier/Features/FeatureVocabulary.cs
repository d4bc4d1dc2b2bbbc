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

    /// <summary>Learns the vocabulary: n-grams in at least <paramref name="minDocFrequency"/> sentences, most frequent first.</summary>
    public static FeatureVocabulary Build(IEnumerable<string> sentences, FeatureSettings settings, int minDocFrequency, int maxFeatures, CancellationToken cancellationToken)
    {
        var df = new Dictionary<ulong, (string Gram, int Count, int LastDoc)>();
        var collector = new GramCollector { Frequencies = df };
        foreach (string sentence in sentences)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string normalized = TextNormalizer.Normalize(sentence);
            collector.Text = normalized;
            collector.Doc++;
            NgramExtractor.Extract(normalized.AsSpan(), settings, ref collector);
        }

        var grams = df.Values
            .Where(v => v.Count >= minDocFrequency)
            .OrderByDescending(v => v.Count)
            .ThenBy(v => v.Gram, StringComparer.Ordinal)
            .Take(maxFeatures)
            .Select(v => v.Gram)
            .ToList();
        return new FeatureVocabulary(settings, grams);
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

    private struct GramCollector : INgramSink
    {
        public Dictionary<ulong, (string Gram, int Count, int LastDoc)> Frequencies;
        public string Text;
        public int Doc;

        public readonly void Add(ulong key, int start, int length, bool isWord)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(Frequencies, key, out bool exists);
            if (!exists)
            {
                entry = (string.Concat(isWord ? "w:" : "c:", Text.AsSpan(start, length)), 0, -1);
            }

            if (entry.LastDoc != Doc)
            {
                entry.Count++;
                entry.LastDoc = Doc;
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
