using RhetoricClassifier.Cli.Commands;
using RhetoricClassifier.Data;

namespace RhetoricClassifier.Tests.Models;

public sealed class DefaultModelTests
{
    [Fact]
    public void The_library_carries_a_built_in_model()
        => Assert.True(RhetoricModel.HasDefault);

    [Fact]
    public void LoadDefault_returns_one_shared_instance()
        => Assert.Same(RhetoricModel.LoadDefault(), RhetoricModel.LoadDefault());

    [Fact]
    public void Built_in_model_was_trained_on_the_current_training_data()
    {
        // Same file selection as 'rhetoric train --data training-data' (test split excluded by name).
        var data = LabeledDataReader.ReadFiles(DataPaths.Expand([RepositoryPaths.TrainingData]));
        var manifest = RhetoricModel.LoadDefault().Manifest;
        Assert.True(TrainingDataFingerprint.Compute(data) == manifest.TrainingDataSha256,
            "training-data/ changed since the built-in model was trained: run scripts/train-default-model.sh");
        Assert.Equal(data.Count, manifest.TrainingSetSize);
    }

    [Fact]
    public void Built_in_model_meets_the_quality_bar_on_the_held_out_test_split()
    {
        var test = LabeledDataReader.ReadFile(Path.Combine(RepositoryPaths.TrainingData, "test.jsonl"));
        var report = RhetoricModel.LoadDefault().Evaluate(test);
        Assert.True(report.MacroF1 >= 0.85, $"macro-F1 {report.MacroF1:0.000}");
        Assert.All(report.Tags, t => Assert.True(t.F1 >= 0.80, $"{t.Tag.Id()} F1 {t.F1:0.000}"));
    }

    [Fact]
    public void Built_in_model_tags_the_labelling_guide_examples()
    {
        var model = RhetoricModel.LoadDefault();
        Assert.Equal(TagSet.CostCapex, model.Classify("Capital expenditures climbed to $41 billion on data-center construction.").Tags);
        Assert.Equal(TagSet.None, model.Classify("The new assistant replies to shoppers in 25 languages.").Tags);
        Assert.True(model.Classify("Executives pointed to productivity gains from AI as they announced 2,000 job cuts.").Tags
            .HasFlag(TagSet.AiJustification | TagSet.HumanImpact));
    }
}
