using RhetoricClassifier.Data;
using RhetoricClassifier.Training;

namespace RhetoricClassifier.Tests.Training;

/// <summary>
/// A training set full of copies must not train silently with a flattering cross-validation: the copies are
/// counted in a warning, and all copies of a sentence (after normalisation) stay in one fold.
/// </summary>
public sealed class DuplicateTrainingTests
{
    private static readonly IReadOnlyList<LabeledSentence> Small = LabeledDataReader.ReadFile(SmallModelFixture.FixturePath("small.jsonl"));

    // Sentence i appears 1 + i % 4 times, the extra copies differing only in case and punctuation.
    private static List<LabeledSentence> WithCopies()
    {
        var data = new List<LabeledSentence>();
        for (int i = 0; i < Small.Count; i++)
        {
            data.Add(Small[i]);
            for (int c = 0; c < i % 4; c++)
            {
                data.Add(Small[i] with { Text = c % 2 == 0 ? Small[i].Text.ToUpperInvariant() : Small[i].Text + "!!" });
            }
        }

        return data;
    }

    [Fact]
    public void No_normalised_sentence_is_split_across_folds()
    {
        List<LabeledSentence> data = WithCopies();
        int[] group = ModelTrainer.DuplicateGroups(data, out int distinct);
        Assert.Equal(Small.Count, distinct);

        int[] fold = ModelTrainer.AssignFolds(data, group, folds: 5, seed: 42);

        var foldOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < data.Count; i++)
        {
            string key = CorpusChecker.DuplicateKey(data[i].Text);
            Assert.Equal(foldOfKey.TryAdd(key, fold[i]) ? fold[i] : foldOfKey[key], fold[i]);
        }

        Assert.Equal(Small.Count, foldOfKey.Count);
        Assert.Equal(5, fold.Distinct().Count());
    }

    [Fact]
    public void Without_duplicates_each_label_combination_is_spread_evenly_over_the_folds()
    {
        int[] group = ModelTrainer.DuplicateGroups(Small, out int distinct);
        Assert.Equal(Small.Count, distinct);
        int[] fold = ModelTrainer.AssignFolds(Small, group, folds: 3, seed: 7);
        foreach (var stratum in Enumerable.Range(0, Small.Count).GroupBy(i => Small[i].Labels))
        {
            int[] perFold = Enumerable.Range(0, 3).Select(k => stratum.Count(i => fold[i] == k)).ToArray();
            Assert.True(perFold.Max() - perFold.Min() <= 1, $"{stratum.Key}: {string.Join(", ", perFold)} per fold");
        }
    }

    [Fact]
    public void Training_on_duplicates_warns_with_the_count_in_the_report_and_the_progress()
    {
        List<LabeledSentence> data = WithCopies();
        int copies = data.Count - Small.Count;
        var lines = new List<string>();

        RhetoricModel model = RhetoricModel.Train(data, SmallModelFixture.FastOptions with { NumberOfTrees = 10 }, new InlineProgress(lines));

        string warning = Assert.Single(model.Manifest.CrossValidation!.Warnings);
        Assert.StartsWith($"{copies} of the {data.Count} training sentences are exact duplicates", warning, StringComparison.Ordinal);
        Assert.Contains("meaningless when copies of a sentence fall in different folds", warning, StringComparison.Ordinal);
        Assert.Contains($"warning: {warning}", lines);
    }

    [Fact]
    public void Training_without_duplicates_has_no_warning()
    {
        RhetoricModel model = RhetoricModel.Train(Small, SmallModelFixture.FastOptions with { NumberOfTrees = 5 });
        Assert.Empty(model.Manifest.CrossValidation!.Warnings);
    }

    [Fact]
    public void Copies_of_too_few_distinct_sentences_are_refused_naming_the_count()
    {
        // Five distinct sentences (every tag present and absent), 2,000 copies each: enough per tag, too few distinct.
        LabeledSentence[] five = [.. Small.DistinctBy(s => s.Labels).Take(5)];
        Assert.Equal(5, five.Length);
        var data = Enumerable.Range(0, 10_000).Select(i => five[i % 5]).ToList();
        var e = Assert.Throws<TrainingDataException>(() => RhetoricModel.Train(data, SmallModelFixture.FastOptions));
        Assert.Contains("only 5 of the 10000 training sentences are distinct", e.Message, StringComparison.Ordinal);
    }

    private sealed class InlineProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
