namespace RhetoricClassifier.Tests.Scoring;

[Collection(SmallModelCollection.Name)]
public sealed class FastPathParityTests(SmallModelFixture fixture)
{
    [Fact]
    public void Fast_path_probabilities_equal_PredictionEngine_probabilities()
    {
        var sentences = fixture.Data.Select(d => d.Text).Concat(["Completely unrelated words about gardening and tulips.", "", "AI AI AI cuts cuts $ $ $"]).ToList();
        float[][] reference = fixture.Model.Core.ScoreWithPredictionEngine(sentences);
        Span<float> fast = stackalloc float[RhetoricTags.Count];
        for (int i = 0; i < sentences.Count; i++)
        {
            fixture.Model.Core.Score(sentences[i], fast);
            for (int t = 0; t < RhetoricTags.Count; t++)
            {
                Assert.True(Math.Abs(reference[i][t] - fast[t]) <= 1e-5, $"sentence {i} tag {t}: ML.NET {reference[i][t]} vs fast {fast[t]}");
            }
        }
    }
}
