using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsCheck;
using RhetoricClassifier.Cli.Output;

namespace RhetoricClassifier.Tests.Cli;

/// <summary>
/// The formatter writes records straight into pooled UTF-8 buffers; these tests hold it to records built the
/// plain way (one JSON object serialised per sentence, CSV built as strings and encoded once), byte for byte.
/// </summary>
public sealed class RecordFormatterTests
{
    private static readonly string[] Tags = RhetoricTags.All.Select(t => t.Id()).ToArray();

    // Texts that exercise escaping and quoting: quotes, commas, line breaks, formula starts, control characters,
    // non-ASCII, emoji, a lone surrogate (written as U+FFFD), a noncharacter, HTML-sensitive characters.
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char["ab ,\"\n\r\t=+-@'<>&\\/\u0000\u001F\u007F\u2019\u2028é€\uD83D\uDE00\uD800\uFFFE"], 0, 40],
        Gen.String[Gen.Char, 0, 40],
        Gen.Const("A plain sentence, as most are."));

    private static readonly Gen<float> Score = Gen.OneOf(Gen.Float[0f, 1f], Gen.Const(0f), Gen.Const(1f), Gen.Const(1e-7f), Gen.Const(0.33333334f), Gen.Const(0.1f));

    private static readonly Gen<ScoredBatch> Batch = Gen.Select(Text, Text.List[1, 6], Score.Array[3].List[6], Gen.Int[0, 7].Array[6], (id, texts, scores, tags) =>
    {
        string joined = string.Concat(texts);
        var doc = new TextDocument(id, joined);
        var sentences = new ScoredSentence[texts.Count];
        for (int i = 0, start = 0; i < texts.Count; start += texts[i].Length, i++)
        {
            sentences[i] = new ScoredSentence(id, 0, i, start, texts[i].Length, joined.AsMemory(start, texts[i].Length), (TagSet)tags[i],
                new TagScores(scores[i][0], scores[i][1], scores[i][2]));
        }

        return new ScoredBatch(0, [doc], sentences);
    });

    [Fact]
    public void Jsonl_records_are_byte_for_byte_the_serialised_objects()
        => Batch.Sample(batch =>
        {
            using PooledBufferWriter written = new RecordFormatter("jsonl").Sentences(batch);
            Assert.Equal(ExpectedJsonl(batch), written.WrittenSpan.ToArray());
        }, iter: 2000);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Csv_records_are_byte_for_byte_the_cells_built_as_strings(bool raw)
        => Batch.Sample(batch =>
        {
            using PooledBufferWriter written = new RecordFormatter("csv", raw).Sentences(batch);
            Assert.Equal(ExpectedCsv(batch, raw), written.WrittenSpan.ToArray());
        }, iter: 2000);

    [Fact]
    public void A_batch_larger_than_the_first_buffer_is_written_whole()
    {
        string text = new('x', 100_000);
        var batch = new ScoredBatch(0, [new TextDocument("big", text)],
            new[] { new ScoredSentence("big", 0, 0, 0, text.Length, text.AsMemory(), TagSet.None, new TagScores(0.5f, 0.25f, 0.125f)) });
        using PooledBufferWriter written = new RecordFormatter("jsonl").Sentences(batch);
        Assert.Equal(ExpectedJsonl(batch), written.WrittenSpan.ToArray());
    }

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static byte[] ExpectedJsonl(ScoredBatch batch)
    {
        var all = new List<byte>();
        foreach (ScoredSentence s in batch.Sentences.Span)
        {
            var record = new
            {
                document = s.DocumentId,
                index = s.Index,
                start = (long)s.Start,
                length = s.Length,
                text = s.Text.ToString(),
                labels = s.Tags.ToIds(),
                scores = new Dictionary<string, float> { [Tags[0]] = s.Scores.AiJustification, [Tags[1]] = s.Scores.CostCapex, [Tags[2]] = s.Scores.HumanImpact },
            };
            all.AddRange(JsonSerializer.SerializeToUtf8Bytes(record, Relaxed));
            all.Add((byte)'\n');
        }

        return [.. all];
    }

    private static byte[] ExpectedCsv(ScoredBatch batch, bool raw)
    {
        var sb = new StringBuilder();
        foreach (ScoredSentence s in batch.Sentences.Span)
        {
            sb.Append(Cell(s.DocumentId, raw)).Append(',').Append(s.Index).Append(',').Append(s.Start).Append(',').Append(s.Length).Append(',')
                .Append(Cell(s.Text.ToString(), raw)).Append(',').Append(string.Join(';', s.Tags.ToIds()));
            foreach (RhetoricTag t in RhetoricTags.All)
            {
                sb.Append(',').Append(s.Scores[t].ToString("R", CultureInfo.InvariantCulture));
            }

            sb.Append('\n');
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static string Cell(string value, bool raw)
    {
        if (!raw && value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
