using RhetoricClassifier.Features;
using RhetoricClassifier.Scoring;

namespace RhetoricClassifier.Explanations;

/// <summary>
/// Explains the tree ensembles of all tags for one sentence: exact Shapley values per n-gram against the
/// empty sentence (<see cref="TreeShapley"/>), spread over the original words each n-gram covers and
/// scaled into log-odds by the Platt slope; in an ensemble, blended with the linear model's exact shares
/// in log-odds, as the scorer blends them. Immutable and thread-safe; every call allocates its own scratch
/// (explanations are asked for one sentence at a time, never on the scoring path).
/// </summary>
internal sealed class ForestExplainer
{
    private readonly FeatureVocabulary _vocabulary;
    private readonly IReadOnlyList<TagEnsemble> _tags;
    private readonly IReadOnlyList<LinearTagModel>? _linear;
    private readonly double _linearWeight;

    public ForestExplainer(FeatureVocabulary vocabulary, IReadOnlyList<TagEnsemble> tags, IReadOnlyList<LinearTagModel>? linear = null,
        double linearWeight = 0)
    {
        _vocabulary = vocabulary;
        _tags = tags;
        _linear = linear;
        _linearWeight = linear is null ? 0 : linearWeight;
    }

    /// <summary>One occurrence of a vocabulary n-gram at <c>[Start, Start + Length)</c> of the normalised text.</summary>
    internal readonly record struct Occurrence(int Feature, int Start, int Length, bool IsWord);

    /// <summary>The sentence's normalised text with its offset map, n-gram counts by feature index, and every occurrence.</summary>
    internal sealed record Features(NormalizedText Normalized, Dictionary<int, int> Counts, List<Occurrence> Occurrences);

    /// <summary>The n-grams of a sentence that are in the vocabulary, with where each occurs.</summary>
    internal Features Featurize(ReadOnlySpan<char> sentence)
    {
        NormalizedText normalized = TextNormalizer.NormalizeWithOffsets(sentence, _vocabulary.Settings.QuoteTokens);
        var sink = new OccurrenceSink(_vocabulary, new List<Occurrence>());
        NgramExtractor.Extract(normalized.Text.AsSpan(), _vocabulary.Settings, ref sink);
        var counts = new Dictionary<int, int>();
        foreach (Occurrence o in sink.Found)
        {
            counts[o.Feature] = counts.GetValueOrDefault(o.Feature) + 1;
        }

        return new Features(normalized, counts, sink.Found);
    }

    /// <summary>
    /// Exact Shapley values of one tag's raw score (before calibration) per feature, and the raw score of
    /// the empty sentence: <c>Baseline + Σ Phi</c> is the sentence's raw score.
    /// </summary>
    internal (double Baseline, Dictionary<int, double> Phi) FeatureValues(IReadOnlyDictionary<int, int> counts, int tag)
    {
        TagEnsemble ensemble = _tags[tag];
        var phi = new Dictionary<int, double>();
        double baseline = ensemble.Bias;
        var walker = new TreeShapley.Walker(Values(counts), phi);
        foreach (TreeData tree in ensemble.Trees)
        {
            baseline += walker.Accumulate(tree);
        }

        return (baseline, phi);
    }

    // The values the learners saw: counts, capped when the model caps them.
    private IReadOnlyDictionary<int, int> Values(IReadOnlyDictionary<int, int> counts)
        => _vocabulary.Settings.CountCap > 0 ? counts.ToDictionary(kv => kv.Key, kv => (int)_vocabulary.Settings.Value(kv.Value)) : counts;

    /// <summary>
    /// The log-odds of one tag as a base plus a share per feature: FastTree's Shapley values (or, in an
    /// ensemble, those and the linear model's exact shares <c>w_i x_i</c>, blended as the scorer blends
    /// log-odds). Base plus the shares is the log-odds of the sentence's probability.
    /// </summary>
    internal (double Base, Dictionary<int, double> Shares) LogOddsShares(IReadOnlyDictionary<int, int> counts, int tag)
    {
        // Platt: p = 1 / (1 + exp(slope * score + offset)), so ln(p / (1 - p)) = -(slope * score + offset):
        // affine in the score, so Shapley values scale by -slope and the base absorbs the offset.
        (double baseline, Dictionary<int, double> phi) = FeatureValues(counts, tag);
        double treeScale = -_tags[tag].PlattSlope;
        double treeBase = (treeScale * baseline) - _tags[tag].PlattOffset;
        if (_linear is null)
        {
            return (treeBase, phi.ToDictionary(kv => kv.Key, kv => treeScale * kv.Value));
        }

        // A linear model's Shapley value against the empty sentence is its weight times the value.
        LinearTagModel linear = _linear[tag];
        double w = _linearWeight, linearScale = -linear.PlattSlope;
        var shares = phi.ToDictionary(kv => kv.Key, kv => (1 - w) * treeScale * kv.Value);
        foreach ((int feature, int value) in Values(counts))
        {
            double weight = feature < linear.Weights.Count ? linear.Weights[feature] : 0;
            shares[feature] = shares.GetValueOrDefault(feature) + (w * linearScale * weight * value);
        }

        return (((1 - w) * treeBase) + (w * ((linearScale * linear.Bias) - linear.PlattOffset)), shares);
    }

    /// <summary>Explains every tag for one sentence whose probabilities are <paramref name="scores"/>.</summary>
    public IReadOnlyList<TagExplanation> Explain(ReadOnlySpan<char> sentence, TagScores scores)
    {
        Features features = Featurize(sentence);
        (int Start, int End)[] words = Words(features.Normalized, sentence.Length, out int[] wordOfChar);
        var result = new TagExplanation[_tags.Count];
        for (int t = 0; t < _tags.Count; t++)
        {
            (double logOddsBase, Dictionary<int, double> shares) = LogOddsShares(features.Counts, t);
            double[] weights = new double[words.Length];
            foreach (Occurrence o in features.Occurrences)
            {
                if (shares.TryGetValue(o.Feature, out double value) && value != 0)
                {
                    Spread(features.Normalized.Text, o, value / features.Counts[o.Feature], wordOfChar, weights);
                }
            }

            var list = new WordWeight[words.Length];
            for (int w = 0; w < words.Length; w++)
            {
                (int start, int end) = words[w];
                list[w] = new WordWeight(start, end - start, sentence[start..end].ToString(), weights[w]);
            }

            var tag = (RhetoricTag)t;
            result[t] = new TagExplanation(tag, scores[tag], logOddsBase, list);
        }

        return result;
    }

    // The words of the original sentence: each normalised token maps back to the original characters it came
    // from; tokens whose spans overlap (one original character can yield two tokens under NFKC, "½" gives
    // "1" and "2") form one word. wordOfChar gives each normalised character's word, -1 for spaces.
    private static (int Start, int End)[] Words(NormalizedText normalized, int sentenceLength, out int[] wordOfChar)
    {
        string text = normalized.Text;
        wordOfChar = new int[text.Length];
        var words = new List<(int Start, int End)>();
        int p = 0;
        while (p < text.Length)
        {
            if (text[p] == ' ')
            {
                wordOfChar[p++] = -1;
                continue;
            }

            int start = int.MaxValue, end = int.MinValue, q = p;
            for (; q < text.Length && text[q] != ' '; q++)
            {
                start = Math.Min(start, normalized.Start[q]);
                end = Math.Max(end, normalized.End[q]);
            }

            if (words.Count > 0 && start < words[^1].End)
            {
                words[^1] = (Math.Min(words[^1].Start, start), Math.Max(words[^1].End, end));
            }
            else
            {
                words.Add((start, end));
            }

            wordOfChar.AsSpan(p, q - p).Fill(words.Count - 1);
            p = q;
        }

        if (words.Count == 0)
        {
            // No token at all: an n-gram can then only be made of spaces (a 1-character model); the whole
            // sentence stands in as the one word so that the weights still add up.
            words.Add((0, sentenceLength));
            wordOfChar.AsSpan().Clear();
        }

        return [.. words];
    }

    // A word n-gram's value goes in equal parts to its tokens, a character n-gram's in equal parts to its
    // non-space characters; each part lands on the word that character belongs to. The parts sum to the
    // whole, so the explanation stays exact whatever the split.
    private static void Spread(string text, Occurrence o, double value, int[] wordOfChar, double[] weights)
    {
        int end = o.Start + o.Length;
        int parts = 0;
        for (int p = o.Start; p < end; p++)
        {
            parts += IsPart(text, p, o) ? 1 : 0;
        }

        if (parts == 0)
        {
            weights[NearestWord(wordOfChar, o.Start)] += value;
            return;
        }

        double share = value / parts;
        for (int p = o.Start; p < end; p++)
        {
            if (IsPart(text, p, o))
            {
                weights[wordOfChar[p]] += share;
            }
        }
    }

    private static bool IsPart(string text, int p, Occurrence o)
        => text[p] != ' ' && (!o.IsWord || p == o.Start || text[p - 1] == ' ');

    private static int NearestWord(int[] wordOfChar, int p)
    {
        for (int d = 0; d < wordOfChar.Length; d++)
        {
            if (p - d >= 0 && wordOfChar[p - d] >= 0)
            {
                return wordOfChar[p - d];
            }

            if (p + d < wordOfChar.Length && wordOfChar[p + d] >= 0)
            {
                return wordOfChar[p + d];
            }
        }

        return 0;
    }

    private readonly struct OccurrenceSink(FeatureVocabulary vocabulary, List<Occurrence> found) : INgramSink
    {
        public List<Occurrence> Found => found;

        public void Add(ulong key, int start, int length, GramKind kind)
        {
            if (vocabulary.TryGetIndex(key, out int index))
            {
                found.Add(new Occurrence(index, start, length, kind != GramKind.Char));
            }
        }
    }
}
