using RhetoricClassifier.Data;

namespace RhetoricClassifier.Tests.Scoring;

[Collection(SmallModelCollection.Name)]
public sealed class FastPathParityTests(SmallModelFixture fixture)
{
    private static void AssertSameAsPredictionEngine(RhetoricModel model, IReadOnlyList<string> sentences)
    {
        float[][] reference = model.Core.ScoreWithPredictionEngine(sentences);
        Span<float> fast = stackalloc float[RhetoricTags.Count];
        for (int i = 0; i < sentences.Count; i++)
        {
            model.Core.Score(sentences[i], fast);
            for (int t = 0; t < RhetoricTags.Count; t++)
            {
                Assert.True(Math.Abs(reference[i][t] - fast[t]) <= 1e-5, $"sentence {i} tag {t}: ML.NET {reference[i][t]} vs fast {fast[t]}: {sentences[i]}");
            }
        }
    }

    [Fact]
    public void Fast_path_equals_PredictionEngine_on_the_whole_test_split_with_the_built_in_model()
    {
        var test = LabeledDataReader.ReadFile(Path.Combine(RepositoryPaths.TrainingData, "test.jsonl"));
        AssertSameAsPredictionEngine(RhetoricModel.LoadDefault(), test.Select(s => s.Text).ToList());
    }

    [Fact]
    public void The_built_in_model_exercises_both_passes_of_split_gathering()
    {
        // The parity test above covers the second pass of CompiledForest.Evaluate only if the model has features with more
        // always-applying splits than the first pass copies (here: more than the second pass copies in one run, too), and
        // splits that depend on a count above 1.
        var (mostAlways, conditional) = RhetoricModel.LoadDefault().Core.Forest.SplitShape();
        Assert.True(mostAlways > global::RhetoricClassifier.Scoring.CompiledForest.FirstCopy + global::RhetoricClassifier.Scoring.CompiledForest.PendingSlack,
            $"the most always-applying splits of a feature: {mostAlways}");
        Assert.True(conditional > 0, "no split depends on a count above 1");
    }

    [Fact]
    public void Every_gather_copy_is_whole_32_byte_moves_within_the_slack_of_the_split_list()
    {
        // CompiledForest.Copy moves FirstCopy or PendingSlack records in 32-byte moves, and may run past the records asked
        // for into the PendingSlack spare records the split and pending lists end in.
        Assert.InRange(global::RhetoricClassifier.Scoring.CompiledForest.FirstCopy, 1, global::RhetoricClassifier.Scoring.CompiledForest.PendingSlack);
        int[] recordSizes =
        [
            System.Runtime.CompilerServices.Unsafe.SizeOf<global::RhetoricClassifier.Scoring.CompiledForest.Split<ushort>>(),
            System.Runtime.CompilerServices.Unsafe.SizeOf<global::RhetoricClassifier.Scoring.CompiledForest.Split<uint>>(),
            System.Runtime.CompilerServices.Unsafe.SizeOf<global::RhetoricClassifier.Scoring.CompiledForest.Split<ulong>>(),
        ];
        Assert.Equal([4, 8, 16], recordSizes);
        foreach (int size in recordSizes)
        {
            Assert.Contains(global::RhetoricClassifier.Scoring.CompiledForest.FirstCopy * size, new[] { 32, 64, 128, 256 });
            Assert.Contains(global::RhetoricClassifier.Scoring.CompiledForest.PendingSlack * size, new[] { 32, 64, 128, 256 });
        }

        Assert.Equal(2, RhetoricModel.LoadDefault().Core.Forest.MaskBytes);
    }

    private static readonly string[] OddInputs = ["", "   ", "AI AI AI cuts cuts $ $ $ % % %", "𝐀𝐈 𝐜𝐮𝐭𝐬 𝐣𝐨𝐛𝐬", "中文 文本 😀 \u0000\u0007", new string('x', 5000)];

    [Theory]
    [InlineData(0.0)]  // FastTree alone
    [InlineData(1.0)]  // logistic regression alone
    [InlineData(0.3)]  // an uneven blend
    public void Fast_path_equals_PredictionEngine_for_each_learner_and_blend(double linearWeight)
    {
        var model = RhetoricModel.Train(fixture.Data, SmallModelFixture.FastOptions with { LinearWeight = linearWeight });
        Assert.Equal(linearWeight > 0, model.Core.LinearModels is not null);
        AssertSameAsPredictionEngine(model, fixture.Data.Select(d => d.Text).Concat(OddInputs).ToList());
    }

    [Fact]
    public void Fast_path_equals_PredictionEngine_with_every_feature_variant_on_and_survives_a_save_and_load()
    {
        var options = SmallModelFixture.FastOptions with { LinearWeight = 0.5, CountCap = 2, QuoteTokens = true, CueLexicons = true };
        var model = RhetoricModel.Train(fixture.Data, options);
        Assert.Contains(model.Core.Vocabulary.Grams, g => g.StartsWith("l:money=", StringComparison.Ordinal));
        var sentences = fixture.Data.Select(d => d.Text).Concat(OddInputs)
            .Concat(["“We are cutting costs,” the CEO said, “because AI does the work.”", "Capex, capex, capex: $4 billion on AI."]).ToList();
        AssertSameAsPredictionEngine(model, sentences);

        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = RhetoricModel.Load(stream);
        Assert.Equal(options.CueLexicons, loaded.Manifest.Training.CueLexicons);
        Assert.All(sentences, s => Assert.Equal(model.Classify(s).Scores, loaded.Classify(s).Scores));
    }

    [Fact]
    public void The_linear_part_changes_the_probabilities()
    {
        var trees = RhetoricModel.Train(fixture.Data, SmallModelFixture.FastOptions with { LinearWeight = 0 });
        Assert.True(fixture.Model.Core.LinearWeight > 0);
        Assert.Contains(fixture.Data, d => trees.Classify(d.Text).Scores != fixture.Model.Classify(d.Text).Scores);
    }

    [Fact]
    public void Fast_path_equals_PredictionEngine_on_a_freshly_trained_model_and_odd_inputs()
        => AssertSameAsPredictionEngine(fixture.Model, fixture.Data.Select(d => d.Text).Concat(OddInputs).ToList());
}
