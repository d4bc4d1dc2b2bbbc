using RhetoricClassifier.Data;

namespace RhetoricClassifier.Tests.Training;

[Collection(SmallModelCollection.Name)]
public sealed class TrainingTests(SmallModelFixture fixture)
{
    [Fact]
    public void Trained_model_fits_its_training_sentences()
    {
        var report = fixture.Model.Evaluate(fixture.Data);
        Assert.All(report.Tags, t => Assert.True(t.F1 >= 0.9, $"{t.Tag}: F1 {t.F1:0.000} on its own training data"));
    }

    [Fact]
    public void Trained_model_separates_tags_on_unseen_sentences()
    {
        var model = fixture.Model;
        Assert.True(model.Classify("Capital expenditures rose sharply on data-center spending and chips.").Scores.CostCapex
            > model.Classify("The new assistant answers questions in many languages.").Scores.CostCapex);
        Assert.True(model.Classify("We will eliminate 900 positions and offer severance to affected employees.").Scores.HumanImpact
            > model.Classify("Capital expenditures rose on data-center spending.").Scores.HumanImpact);
        Assert.True(model.Classify("AI tools let us run support with fewer people, so we are cutting those roles.").Scores.AiJustification
            > model.Classify("Revenue grew 9% in the quarter.").Scores.AiJustification);
    }

    [Fact]
    public void Training_is_deterministic_for_a_seed()
    {
        var again = RhetoricModel.Train(fixture.Data, SmallModelFixture.FastOptions);
        foreach (var s in fixture.Data)
        {
            Assert.Equal(fixture.Model.Classify(s.Text).Scores, again.Classify(s.Text).Scores);
        }

        Assert.Equal(fixture.Model.Manifest.Thresholds, again.Manifest.Thresholds);
    }

    [Fact]
    public void Manifest_records_cross_validation_metrics_and_data_fingerprint()
    {
        var m = fixture.Model.Manifest;
        Assert.NotNull(m.CrossValidation);
        Assert.Equal(fixture.Data.Count, m.CrossValidation!.ExampleCount);
        Assert.Equal(fixture.Data.Count, m.TrainingSetSize);
        Assert.Equal(TrainingDataFingerprint.Compute(fixture.Data), m.TrainingDataSha256);
        Assert.Equal(["ai_justification", "cost_capex", "human_impact"], m.Tags);
        Assert.InRange(m.CrossValidation.MacroF1, 0.0, 1.0);
    }
}

public class EvaluationReportFormattingTests
{
    [Fact]
    public void ToString_prints_the_table_a_person_reads()
    {
        EvaluationReport report = EvaluationReport.Compute(
            [TagSet.AiJustification, TagSet.CostCapex, TagSet.None],
            [TagSet.AiJustification, TagSet.None, TagSet.HumanImpact]);

        string text = report.ToString();

        Assert.Equal(report.ToTable(), text);
        Assert.StartsWith("tag", text, StringComparison.Ordinal);
        Assert.Contains("macro-F1", text, StringComparison.Ordinal);
        string[] aiRow = text.Split('\n').Single(l => l.StartsWith("ai_justification", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["ai_justification", "1", "1.000", "1.000", "1.000"], aiRow);
    }
}

public class TrainingLimitTests
{
    [Fact]
    public void More_sentences_than_one_training_run_takes_are_refused_before_any_work()
    {
        var data = Enumerable.Repeat(new LabeledSentence("We cut jobs.", TagSet.HumanImpact), InputLimits.MaxTrainingSentences + 1).ToList();
        var e = Assert.Throws<TrainingDataException>(() => RhetoricModel.Train(data));
        Assert.Equal("300,001 training sentences are more than the 300,000 one training run takes (memory grows by about 8 KB per sentence; see 'Limits and safety' in the README): sample the data", e.Message);
    }
}
