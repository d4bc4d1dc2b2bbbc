using CsCheck;
using RhetoricClassifier.Data;
using RhetoricClassifier.Features;
using RhetoricClassifier.Models;
using RhetoricClassifier.Scoring;

namespace RhetoricClassifier.Tests.Features;

/// <summary>
/// The scoring path hashes n-grams in its own loop (<see cref="NgramExtractor.ExtractFiltered"/>) and probes the
/// table inline; training, explanations and <see cref="FeatureVocabulary.Featurize"/> use the generic
/// <see cref="NgramExtractor.Extract{TSink}"/>. These tests hold the two to the same keys, in the same order, and
/// the same feature vectors.
/// </summary>
[Collection(SmallModelCollection.Name)]
public sealed class FeaturizationEquivalenceTests(SmallModelFixture fixture)
{
    private static readonly Lazy<RhetoricModel> BuiltIn = new(RhetoricModel.LoadDefault);

    private static IReadOnlyList<string> TestSplit()
        => LabeledDataReader.ReadFile(Path.Combine(RepositoryPaths.TrainingData, "test.jsonl")).Select(s => s.Text)
            .Concat(["", "   ", "“Quoted,” she said — and AI cut 30% of costs.", "𝐀𝐈 𝐜𝐮𝐭𝐬 中文 😀 \uD800 x\uFFFE", new string('a', 3000)]).ToList();

    public static TheoryData<string> Settings => new()
    {
        "built-in model",
        "small model, words only",
        "small model, every variant",
    };

    private RhetoricModel ModelFor(string name) => name switch
    {
        "built-in model" => BuiltIn.Value,
        "small model, words only" => RhetoricModel.Train(fixture.Data, SmallModelFixture.FastOptions with { CharNgramMin = 0, CharNgramMax = 0 }),
        _ => RhetoricModel.Train(fixture.Data, SmallModelFixture.FastOptions with { LinearWeight = 0.5, CountCap = 2, QuoteTokens = true, CueLexicons = true }),
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void The_scoring_loop_yields_the_keys_of_the_generic_extractor_that_pass_the_filter_in_the_same_order(string model)
    {
        CompiledForest forest = ModelFor(model).Core.Forest;
        FeatureSettings settings = forest.Settings;
        foreach (string sentence in TestSplit())
        {
            string normalized = TextNormalizer.Normalize(sentence, settings.QuoteTokens);
            var all = new KeyList { Keys = [] };
            NgramExtractor.Extract(normalized.AsSpan(), settings, ref all);
            ulong[] expected = all.Keys.Where(k => KeyFilter.MayContain(forest.Filter, k)).ToArray();

            ulong[] candidates = new ulong[NgramExtractor.MaxKeys(normalized.Length, settings)];
            int n = NgramExtractor.ExtractFiltered(normalized, settings, forest.Filter, candidates);
            Assert.True(expected.AsSpan().SequenceEqual(candidates.AsSpan(0, n)), $"keys differ for: {sentence}");
            Assert.True(all.Keys.Count <= candidates.Length, "MaxKeys is an upper bound");
        }
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void The_scoring_path_counts_the_same_features_as_the_vocabularys_featurizer(string model)
    {
        ModelCore core = ModelFor(model).Core;
        CompiledForest forest = core.Forest;
        var used = forest.UsedFeatures.ToHashSet();
        var workspace = new ScoringWorkspace(forest);
        foreach (string sentence in TestSplit())
        {
            (int[] indices, float[] values) = core.Vocabulary.Featurize(sentence);
            var expected = indices.Zip(values).Where(p => used.Contains(p.First)).OrderBy(p => p.First).ToList();

            workspace.Featurize(sentence);
            var actual = workspace.Touched.Take(workspace.TouchedCount)
                .Select(f => (forest.UsedFeatures[f], forest.Settings.Value(workspace.Counts[f])))
                .OrderBy(p => p.Item1).ToList();
            workspace.ClearFeatures();
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void With_a_filter_that_passes_everything_the_scoring_loop_yields_every_key_for_any_text_and_n_gram_lengths()
    {
        // Covers the scoring loop's packed character keys (starts with eight characters to go) and the generic loop it
        // takes for the last starts, at every text length around that edge, every n-gram range the options allow, and
        // characters outside ASCII.
        ulong[] everything = Enumerable.Repeat(ulong.MaxValue, KeyFilter.Words).ToArray();
        Gen.Select(Gen.String[Gen.Char["ab c\u00e9\u2014\uFFFF\uD83D\uDE00"], 0, 60], Gen.Int[1, 8], Gen.Int[0, 7], Gen.Int[1, 3], Gen.Bool)
            .Sample((text, min, extra, words, cues) =>
            {
                var settings = new FeatureSettings(words, min, Math.Min(8, min + extra), CueLexicons: cues);
                var all = new KeyList { Keys = [] };
                NgramExtractor.Extract(text.AsSpan(), settings, ref all);
                ulong[] candidates = new ulong[NgramExtractor.MaxKeys(text.Length, settings)];
                int n = NgramExtractor.ExtractFiltered(text, settings, everything, candidates);
                return all.Keys.ToArray().AsSpan().SequenceEqual(candidates.AsSpan(0, n));
            }, iter: 3000);
    }

    [Fact]
    public void Every_n_gram_extracted_has_the_key_a_model_computes_from_its_text()
    {
        // A model's table holds the keys of its n-gram strings (KeyOf, CueKeyOf); the extractors hash text in place. The
        // two are different code (the scoring loop packs characters into 64-bit loads) and must agree for every length,
        // or a feature would silently never be counted.
        Gen.Select(Gen.String[Gen.Char["ab c\u00e9\u2014\uFFFF\uD83D\uDE00"], 0, 40], Gen.Int[1, 8], Gen.Int[0, 7], Gen.Int[1, 3])
            .Sample((text, min, extra, words) =>
            {
                var settings = new FeatureSettings(words, min, Math.Min(8, min + extra), CueLexicons: true);
                var grams = new GramList { Grams = [] };
                NgramExtractor.Extract(text.AsSpan(), settings, ref grams);
                return grams.Grams.All(g => g.Key == (g.Kind switch
                {
                    GramKind.Char => NgramExtractor.KeyOf("c:" + text.Substring(g.Start, g.Length)),
                    GramKind.Word => NgramExtractor.KeyOf("w:" + text.Substring(g.Start, g.Length)),
                    _ => NgramExtractor.CueKeyOf(text.Substring(g.Start, g.Length)),
                }));
            }, iter: 2000);
    }

    [Theory]
    [InlineData("c:abc", "c:abd")]
    [InlineData("c:abc", "c:abcd")]
    [InlineData("c:abcd", "c:abce")]
    [InlineData("c:abcd", "c:abcde")]
    [InlineData("c:abcdefgh", "c:abcdefgi")]
    [InlineData("c:abcdefgh", "c:abcdefghi")]
    [InlineData("c:cost", "w:cost")]
    [InlineData("c:", "w:")]
    [InlineData("w:job cuts", "w:cuts job")]
    [InlineData("w:job cuts", "w:job  cuts")]
    [InlineData("w:job cuts", "w:jobcuts")]
    [InlineData("w:job cuts", "w:job cuts ")]
    [InlineData("w:ai", "w:ai ai")]
    public void Different_n_grams_have_different_keys_and_no_key_is_zero(string gram, string other)
    {
        Assert.NotEqual(NgramExtractor.KeyOf(gram), NgramExtractor.KeyOf(other));
        Assert.NotEqual(0UL, NgramExtractor.KeyOf(gram));
        Assert.NotEqual(0UL, NgramExtractor.KeyOf(other));
    }

    private struct GramList : INgramSink
    {
        public List<(ulong Key, int Start, int Length, GramKind Kind)> Grams;

        public readonly void Add(ulong key, int start, int length, GramKind kind) => Grams.Add((key, start, length, kind));
    }

    private struct KeyList : INgramSink
    {
        public List<ulong> Keys;

        public readonly void Add(ulong key, int start, int length, GramKind kind) => Keys.Add(key);
    }
}
