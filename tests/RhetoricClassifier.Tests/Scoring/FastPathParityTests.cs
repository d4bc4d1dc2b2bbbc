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
    public void Fast_path_equals_PredictionEngine_on_a_freshly_trained_model_and_odd_inputs()
        => AssertSameAsPredictionEngine(fixture.Model, fixture.Data.Select(d => d.Text)
            .Concat(["", "   ", "AI AI AI cuts cuts $ $ $ % % %", "𝐀𝐈 𝐜𝐮𝐭𝐬 𝐣𝐨𝐛𝐬", "中文 文本 😀 \u0000\u0007", new string('x', 5000)]).ToList());
}
