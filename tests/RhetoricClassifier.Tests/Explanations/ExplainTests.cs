using System.Collections.Concurrent;
using RhetoricClassifier.Data;
using RhetoricClassifier.Explanations;
using RhetoricClassifier.Scoring;

namespace RhetoricClassifier.Tests.Explanations;

public sealed class ExplainTests
{
    private static readonly RhetoricModel Model = RhetoricModel.LoadDefault();

    private static readonly string[] TestSentences =
        LabeledDataReader.ReadFile(Path.Combine(RepositoryPaths.TrainingData, "test.jsonl")).Select(s => s.Text).ToArray();

    [Fact]
    public void Base_plus_word_weights_is_the_log_odds_of_every_tag_on_every_test_sentence()
        => AssertWeightsSumToTheLogOdds(Model, TestSentences);

    [Fact]
    public void Explanations_stay_exact_for_an_ensemble_with_every_feature_variant()
    {
        var data = LabeledDataReader.ReadFile(SmallModelFixture.FixturePath("small.jsonl"));
        var model = RhetoricModel.Train(data, SmallModelFixture.FastOptions with { LinearWeight = 0.4, CountCap = 2, QuoteTokens = true, CueLexicons = true });
        Assert.NotNull(model.Core.LinearModels);
        AssertWeightsSumToTheLogOdds(model, data.Select(d => d.Text)
            .Concat(["“We are cutting costs,” the CEO said, “because AI does the work.”", "Capex, capex, capex: $4 billion on AI.", ""]).ToArray());
    }

    // The model's exact log-odds of one tag, from a plain walk of the trees and a plain dot product,
    // blended as the scorer blends them; and the probability that gives.
    private static (double LogOdds, float Probability) Exact(RhetoricModel model, IReadOnlyDictionary<int, int> counts, RhetoricTag tag)
    {
        var settings = model.Core.Vocabulary.Settings;
        TagEnsemble ensemble = model.Core.Ensembles[(int)tag];
        double raw = ensemble.Bias + ensemble.Trees.Sum(t => TreeShapley.Evaluate(t, f => (int)settings.Value(counts.GetValueOrDefault(f))));
        double treeMargin = CompiledForest.Margin((float)raw, ensemble.PlattSlope, ensemble.PlattOffset);
        if (model.Core.LinearModels is not { } linear)
        {
            return (-treeMargin, CompiledForest.Calibrate((float)raw, ensemble.PlattSlope, ensemble.PlattOffset));
        }

        LinearTagModel l = linear[(int)tag];
        double score = l.Bias + counts.Sum(kv => l.Weights[kv.Key] * (double)settings.Value(kv.Value));
        double linearMargin = CompiledForest.Margin((float)score, l.PlattSlope, l.PlattOffset);
        double w = model.Core.LinearWeight;
        return (-(((1 - w) * treeMargin) + (w * linearMargin)), CompiledForest.Blend(treeMargin, linearMargin, w));
    }

    private static void AssertWeightsSumToTheLogOdds(RhetoricModel model, IReadOnlyList<string> sentences)
    {
        ForestExplainer explainer = model.Core.Explainer;
        var failures = new List<string>();
        foreach (string sentence in sentences)
        {
            SentenceExplanation e = model.Explain(sentence);
            Assert.Equal(model.Classify(sentence), e.Classification);
            var counts = explainer.Featurize(sentence).Counts;
            foreach (RhetoricTag tag in RhetoricTags.All)
            {
                // The exact log-odds must give the fast path's probability (to a float's rounding).
                (double exact, float probability) = Exact(model, counts, tag);
                Assert.True(Math.Abs(e.Classification.Scores[tag] - probability) <= 2e-6, $"{tag.Id()}: {e.Classification.Scores[tag]} vs exact {probability}");

                // ln(p / (1 - p)) of the float probability also carries p's own rounding (half a float ulp),
                // which near p = 1 is worth more than 1e-4 of log-odds: the tolerance adds exactly that.
                double p = e.Classification.Scores[tag];
                double fromP = Math.Log(p / (1 - p));
                double rounding = Math.Pow(2, -25) / (p * (1 - p));
                double sum = e[tag].Base + e[tag].Words.Sum(w => w.Weight);
                if (Math.Abs(sum - exact) > 1e-4 || Math.Abs(sum - fromP) > 1e-4 + rounding)
                {
                    failures.Add($"{tag.Id()}: {sum} vs exact {exact} and {fromP} from p for \"{sentence}\"");
                }
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Words_are_slices_of_the_sentence_in_order_and_the_base_is_the_empty_sentence()
    {
        SentenceExplanation empty = Model.Explain("");
        foreach (string sentence in TestSentences.Take(200).Append("Ｗｅ’re ﬁring ½ the staff — AI\u0301 does it."))
        {
            SentenceExplanation e = Model.Explain(sentence);
            foreach (RhetoricTag tag in RhetoricTags.All)
            {
                Assert.Equal(empty[tag].LogOdds, e[tag].Base, 12);
                int previousEnd = 0;
                foreach (WordWeight w in e[tag].Words)
                {
                    Assert.True(w.Start >= previousEnd && w.Length > 0, $"word {w} overlaps or is empty in \"{sentence}\"");
                    Assert.Equal(sentence.Substring(w.Start, w.Length), w.Text);
                    previousEnd = w.Start + w.Length;
                }
            }
        }
    }

    [Theory]
    [InlineData("The company's AI push", new[] { "The", "company's", "AI", "push" })]
    [InlineData("Costs fell 12% to $3.5bn.", new[] { "Costs", "fell", "12", "%", "to", "$", "3", "5bn" })]
    [InlineData("ﬁnancial “efficiency”", new[] { "ﬁnancial", "efficiency" })]
    [InlineData("Ｗｅ cut ①", new[] { "Ｗｅ", "cut", "①" })]
    [InlineData("café́ staff", new[] { "café́", "staff" })]
    public void Words_are_the_tokens_mapped_back_to_the_original_text(string sentence, string[] words)
    {
        Assert.Equal(words, Model.Explain(sentence)[RhetoricTag.HumanImpact].Words.Select(w => w.Text));
    }

    [Fact]
    public void A_word_that_no_used_n_gram_touches_gets_exactly_zero()
    {
        ForestExplainer explainer = Model.Core.Explainer;
        int checkedWords = 0;
        foreach (string sentence in TestSentences.Take(150).Append("Qzxvj and wkrpt; the plan, zzyzx."))
        {
            SentenceExplanation e = Model.Explain(sentence);
            var features = explainer.Featurize(sentence);
            foreach (RhetoricTag tag in RhetoricTags.All)
            {
                var used = Model.Core.Ensembles[(int)tag].Trees.SelectMany(t => t.Feature).ToHashSet();
                if (Model.Core.LinearModels is { } linear)
                {
                    used.UnionWith(Enumerable.Range(0, linear[(int)tag].Weights.Count).Where(f => linear[(int)tag].Weights[f] != 0));
                }

                var touched = new HashSet<int>(); // original character offsets covered by an occurrence of a used n-gram
                foreach (var o in features.Occurrences.Where(o => used.Contains(o.Feature)))
                {
                    for (int p = o.Start; p < o.Start + o.Length; p++)
                    {
                        for (int c = features.Normalized.Start[p]; c >= 0 && c < features.Normalized.End[p]; c++)
                        {
                            touched.Add(c);
                        }
                    }
                }

                foreach (WordWeight w in e[tag].Words.Where(w => !Enumerable.Range(w.Start, w.Length).Any(touched.Contains)))
                {
                    Assert.Equal(0.0, w.Weight);
                    checkedWords++;
                }
            }
        }

        Assert.True(checkedWords >= 3, $"only {checkedWords} untouched words: the test checks too little");
    }

    [Fact]
    public void N_gram_values_equal_brute_force_Shapley_on_short_sentences()
    {
        ForestExplainer explainer = Model.Core.Explainer;
        string[] candidates = ["AI cut jobs.", "Capex rose.", "We hired.", "Costs fell.", "Bots replaced staff.", "Layoffs ahead.", "Margins grew."];
        int compared = 0;
        foreach (string sentence in candidates.Concat(TestSentences.Where(s => s.Length < 40)))
        {
            var counts = explainer.Featurize(sentence).Counts;
            for (int tag = 0; tag < RhetoricTags.Count; tag++)
            {
                TagEnsemble ensemble = Model.Core.Ensembles[tag];
                var used = ensemble.Trees.SelectMany(t => t.Feature).ToHashSet();
                int[] active = counts.Keys.Where(used.Contains).Order().ToArray();
                if (active.Length is 0 or > 10)
                {
                    continue;
                }

                double Value(int subset) => ensemble.Bias + ensemble.Trees.Sum(tree => TreeShapley.Evaluate(tree, f =>
                {
                    int i = Array.IndexOf(active, f);
                    return i >= 0 && (subset & (1 << i)) != 0 ? counts[f] : 0;
                }));

                double[] expected = BruteForce.Shapley(active.Length, Value);
                (double baseline, var phi) = explainer.FeatureValues(counts, tag);
                Assert.Equal(Value(0), baseline, 9);
                for (int i = 0; i < active.Length; i++)
                {
                    Assert.Equal(expected[i], phi.GetValueOrDefault(active[i]), 9);
                }

                Assert.All(phi.Keys, f => Assert.Contains(f, active));
                compared++;
            }
        }

        Assert.True(compared >= 5, $"only {compared} sentence-tag pairs were small enough to enumerate");
    }

    [Fact]
    public void Sixteen_threads_sharing_one_model_get_the_same_explanations_as_one_thread()
    {
        string[] sentences = TestSentences.Take(120).ToArray();
        var expected = sentences.Select(s => Flatten(Model.Explain(s))).ToArray();
        var failures = new ConcurrentBag<string>();
        using var start = new Barrier(16);
        var threads = Enumerable.Range(0, 16).Select(k => new Thread(() =>
        {
            start.SignalAndWait();
            for (int j = 0; j < sentences.Length; j++)
            {
                int i = (j + (k * 17)) % sentences.Length;
                if (!Flatten(Model.Explain(sentences[i])).SequenceEqual(expected[i]))
                {
                    failures.Add($"thread {k}, sentence {i}");
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(failures);
    }

    private static IEnumerable<object> Flatten(SentenceExplanation e)
        => e.Tags.SelectMany(t => t.Words.Cast<object>().Prepend(t.Base).Prepend(t.Probability));
}
