using RhetoricClassifier.Data;
using RhetoricClassifier.Training;

namespace RhetoricClassifier.Tests.Training;

/// <summary>
/// Cross-validation folds must each hold every tag: a tag whose few examples sit in different label combinations
/// was dealt wholly into fold 0 (the dealing starts again at fold 0 in every combination), so fold 0's model never
/// saw it and its CV F1 came out 0 with the threshold at the floor, without a word.
/// </summary>
public sealed class FoldAssignmentTests
{
    private static readonly IReadOnlyList<LabeledSentence> Small = LabeledDataReader.ReadFile(SmallModelFixture.FixturePath("small.jsonl"));

    // The small set with only one sentence per label combination keeping ai_justification: three examples, in three combinations.
    private static List<LabeledSentence> ThinAi()
    {
        var kept = new HashSet<TagSet>();
        return [.. Small.Select(s => !s.Labels.Contains(RhetoricTag.AiJustification) || kept.Add(s.Labels)
            ? s
            : s with { Labels = s.Labels & ~RhetoricTag.AiJustification.ToSet() })];
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(3, 7)]
    [InlineData(3, 42)]
    public void A_tag_with_as_many_examples_as_folds_in_different_combinations_has_one_in_each_fold(int folds, int seed)
    {
        List<LabeledSentence> data = ThinAi();
        Assert.Equal(3, data.Count(s => s.Labels.Contains(RhetoricTag.AiJustification)));
        Assert.Equal(3, data.Where(s => s.Labels.Contains(RhetoricTag.AiJustification)).Select(s => s.Labels).Distinct().Count());

        int[] fold = ModelTrainer.AssignFolds(data, folds, seed);

        int[] aiPerFold = [.. Enumerable.Range(0, folds).Select(k => Enumerable.Range(0, data.Count).Count(i => fold[i] == k && data[i].Labels.Contains(RhetoricTag.AiJustification)))];
        Assert.Equal([1, 1, 1], aiPerFold);
        Assert.Empty(ModelTrainer.FoldWarnings(data, fold, folds));
    }

    [Fact]
    public void Every_fold_keeps_every_tag_of_the_small_set_for_any_seed()
    {
        for (int seed = 0; seed < 50; seed++)
        {
            int[] fold = ModelTrainer.AssignFolds(ThinAi(), 3, seed);
            Assert.Empty(ModelTrainer.FoldWarnings(ThinAi(), fold, 3));
        }
    }

    [Fact]
    public void A_fold_without_a_tag_is_named_in_a_warning()
    {
        List<LabeledSentence> data = ThinAi();
        int[] fold = [.. data.Select((s, i) => s.Labels.Contains(RhetoricTag.AiJustification) ? 0 : 1 + (i % 2))];

        string warning = Assert.Single(ModelTrainer.FoldWarnings(data, fold, 3));

        Assert.StartsWith("2 of the 3 cross-validation folds hold no sentence tagged 'ai_justification'", warning, StringComparison.Ordinal);
    }
}
