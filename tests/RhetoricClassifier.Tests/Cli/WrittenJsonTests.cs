using System.Text.Json;
using CsCheck;
using RhetoricClassifier.Cli.Commands;
using RhetoricClassifier.Cli.Report;

namespace RhetoricClassifier.Tests.Cli;

/// <summary>
/// The report's sentence panel and <c>eval --format json</c> write their JSON with <see cref="Utf8JsonWriter"/>, so that
/// they need no reflection (which a trimmed or Native AOT build lacks). These tests hold each to what serialising the
/// same values as plain objects gives, byte for byte, on generated inputs.
/// </summary>
public sealed class WrittenJsonTests
{
    // Words that exercise the encoder: quotes, backslashes, HTML-sensitive characters, non-ASCII, emoji, controls.
    private static readonly Gen<string> Word = Gen.OneOf(
        Gen.String[Gen.Char["ab\"\\<>&'é€\u2019\uD83D\uDE00\u0001"], 0, 12],
        Gen.String[Gen.Char, 0, 12]);

    private static readonly Gen<double> Weight = Gen.OneOf(Gen.Double[-20, 20], Gen.Const(0.005), Gen.Const(-0.125), Gen.Const(1e-9));

    private static readonly Gen<float> Probability = Gen.OneOf(Gen.Float[0f, 1f], Gen.Const(0.0005f), Gen.Const(1f));

    [Fact]
    public void Report_panel_details_are_what_serialising_them_as_an_object_gives()
    {
        Gen<WordWeight[][]?> topWords = Gen.OneOf(
            Gen.Const((WordWeight[][]?)null),
            Gen.Select(Word, Weight, (w, x) => new WordWeight(0, w.Length, w, x)).Array[0, 4].Array[3].Select(a => (WordWeight[][]?)a));
        Gen.Select(Probability.Array[3], topWords).Sample((p, top) =>
        {
            var sentence = new ReportSentence(0, 0, 1, "x", TagSet.None, new TagScores(p[0], p[1], p[2]), top);
            var plain = new
            {
                p = RhetoricTags.All.Select(t => Math.Round(sentence.Scores[t], 3)).ToArray(),
                w = top?.Select(words => words.Select(w => new object[] { w.Text, Math.Round(w.Weight, 2) }).ToArray()).ToArray(),
            };
            Assert.Equal(JsonSerializer.Serialize(plain), HtmlReport.Details(sentence));
        });
    }

    [Fact]
    public void Eval_json_is_what_serialising_the_report_as_objects_gives()
    {
        Gen<TagMetrics[]> metrics = Gen.Int[0, 500].Array[3].Array[3].Select(counts =>
            RhetoricTags.All.Select((t, i) => new TagMetrics(t, counts[i][0], counts[i][1], counts[i][2])).ToArray());
        Gen.Select(metrics, Gen.Int[0, 100_000]).Sample((tags, examples) =>
        {
            var report = new EvaluationReport(tags, examples);
            var plain = new Dictionary<string, object>
            {
                ["examples"] = report.ExampleCount,
                ["tags"] = report.Tags.ToDictionary(t => t.Tag.Id(), t => new
                {
                    support = t.Support,
                    precision = Math.Round(t.Precision, 4),
                    recall = Math.Round(t.Recall, 4),
                    f1 = Math.Round(t.F1, 4),
                }),
                ["micro_f1"] = Math.Round(report.MicroF1, 4),
                ["macro_f1"] = Math.Round(report.MacroF1, 4),
            };
            Assert.Equal(JsonSerializer.Serialize(plain, new JsonSerializerOptions { WriteIndented = true }), EvalCommand.ToJson(report));
        });
    }
}
