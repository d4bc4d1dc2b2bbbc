using RhetoricClassifier.Data;

namespace RhetoricClassifier.Tests.Data;

public sealed class CorpusCheckerTests
{
    private static LabeledSentence S(string text, TagSet labels = TagSet.None, string origin = "t") => new(text, labels) { Origin = origin };

    [Fact]
    public void Exact_duplicates_after_normalisation_are_reported()
    {
        var report = CorpusChecker.Check([S("Capex rose to $3.5 billion.", origin: "a:1"), S("capex rose to $7.2 billion", origin: "a:2")], []);
        Assert.Contains(report.Problems, p => p.StartsWith("a:2: duplicate of a:1", StringComparison.Ordinal));
    }

    [Fact]
    public void Near_duplicates_that_only_swap_a_name_are_reported()
    {
        var report = CorpusChecker.Check(
            [S("Acme will cut about 500 jobs in its European sales division next year.", origin: "a:1"),
             S("Globex will cut about 500 jobs in its European sales division next year.", origin: "a:2")], []);
        Assert.Contains(report.Problems, p => p.Contains("near duplicate", StringComparison.Ordinal));
    }

    [Fact]
    public void Overlap_between_training_and_test_is_reported_as_such()
    {
        var report = CorpusChecker.Check([S("We are cutting staff to fund data centers.", origin: "train:1")], [S("We are cutting staff to fund data centers!", origin: "test:1")]);
        Assert.Contains(report.Problems, p => p.Contains("train/test overlap", StringComparison.Ordinal));
    }

    [Fact]
    public void Different_sentences_are_not_reported_and_counts_are_right()
    {
        var report = CorpusChecker.Check(
            [S("Capex rose.", TagSet.CostCapex), S("AI let us cut 300 roles.", TagSet.AiJustification | TagSet.HumanImpact), S("The app is new.")], []);
        Assert.Empty(report.Problems);
        Assert.Equal(3, report.Training.Sentences);
        Assert.Equal(1, report.Training.PerTag["cost_capex"]);
        Assert.Equal(1, report.Training.Untagged);
        Assert.Equal(0.5, report.Training.MultiTagShare);
    }

    [Fact]
    public void The_shipped_corpus_is_clean_and_meets_its_size_targets()
    {
        var files = Directory.GetFiles(RepositoryPaths.TrainingData, "*.jsonl");
        var train = LabeledDataReader.ReadFiles(files.Where(f => !Path.GetFileName(f).Contains("test", StringComparison.Ordinal)));
        var test = LabeledDataReader.ReadFiles(files.Where(f => Path.GetFileName(f).Contains("test", StringComparison.Ordinal)));
        var report = CorpusChecker.Check(train, test);
        Assert.Empty(report.Problems);
        Assert.True(report.Training.Sentences >= 3000);
        Assert.True(report.Test.Sentences >= 600);
        Assert.All(report.Training.PerTag.Values, n => Assert.True(n >= 700));
        Assert.True(report.Training.Untagged >= 900);
        Assert.True(report.Training.MultiTagShare >= 0.2);
        Assert.DoesNotContain(train, s => string.IsNullOrEmpty(s.Genre));
    }
}
