using System.Text;
using CsCheck;
using RhetoricClassifier.Cli.Input;
using RhetoricClassifier.Data;
using RhetoricClassifier.Features;
using RhetoricClassifier.Segmentation;

namespace RhetoricClassifier.Tests.Fuzz;

/// <summary>
/// Random bytes, random Unicode (noncharacters and lone surrogates included) and random JSON thrown at the
/// readers, the normaliser, the segmenter and <c>Classify</c>: the only exception allowed is the documented
/// <see cref="DataFormatException"/> of the readers.
/// </summary>
public sealed class HostileInputFuzzTests
{
    // Any UTF-16 unit (so lone surrogates), plus a bias towards noncharacters, surrogates and NUL.
    private static readonly Gen<string> HostileUnicode = Gen.OneOf(
        Gen.String[Gen.Char, 0, 300],
        Gen.String[Gen.Char["\uFFFE\uFFFF\uFDD0\uFDEF\uD800\uDBFF\uDC00\uDFFF\u0000\uFFFD a.\n\"\\"], 0, 200],
        Gen.Select(Gen.String[Gen.Char["We cut jobs. AI capex!"], 0, 80], Gen.String[Gen.Char["\uD83D\uDE00\uFFFE\uD800\u0301"], 0, 20], (a, b) => b + a + b));

    private static readonly Gen<byte[]> HostileBytes = Gen.OneOf(
        Gen.Byte.Array[0, 400],
        Gen.Byte[0xBF, 0xFF].Array[0, 100],
        Gen.Select(Gen.Byte.Array[0, 50], b => (byte[])[0xEF, 0xBB, 0xBF, .. b]),
        Gen.Select(Gen.Byte.Array[0, 50], b => (byte[])[0xFF, 0xFE, .. b]));

    // JSON-shaped lines: valid records, wrong types, escapes of lone surrogates, truncations.
    private static readonly Gen<string> HostileJson = Gen.OneOf(
        Gen.Select(HostileUnicode, t => System.Text.Json.JsonSerializer.Serialize(new { id = t, text = t, labels = new[] { "cost_capex" } })),
        Gen.Select(Gen.String[Gen.Char["{}[]\":,0123456789.eE-+tfnul \\u0dD8abcxyz"], 0, 120], s => s),
        Gen.Select(Gen.Int[0, 0xFFFF], Gen.Int[0, 0xFFFF], (a, b) => $"{{\"id\": \"\\u{a:x4}\", \"text\": \"x\\u{a:x4}\\u{b:x4}y\", \"labels\": [\"\\u{b:x4}\"]}}"),
        Gen.Select(Gen.String[Gen.Char["{\"text\": 1[]nul"], 0, 40], Gen.Bool, (s, b) => b ? "{\"text\": \"" + s : s + "}"));

    private static readonly RhetoricModel Model = RhetoricModel.LoadDefault();

    [Fact]
    public void Normaliser_segmenter_and_classify_accept_any_string()
    {
        HostileUnicode.Sample(text =>
        {
            string normalized = TextNormalizer.Normalize(text);
            Assert.StartsWith(" ", normalized);
            var spans = RuleBasedSegmenter.Default.Segment(text);
            Assert.All(spans, s => Assert.InRange(s.End, 1, text.Length));
            SentenceClassification c = Model.Classify(text);
            Assert.InRange(c.Scores.CostCapex, 0f, 1f);
            DocumentAnalysis a = Model.Analyze(text);
            Assert.Equal(spans.Count, a.Sentences.Count);
        }, iter: 2000);
    }

    [Fact]
    public void Document_and_labelled_data_readers_throw_only_data_format_exceptions_on_random_json()
    {
        Gen.Select(HostileJson, HostileJson).Sample((a, b) =>
        {
            byte[] bytes = Encoding.UTF8.GetBytes(a + "\n" + b + "\n");
            OnlyDataFormatErrors(() => DocumentJsonLinesReader.ReadAsync(new MemoryStream(bytes), "f.jsonl").ToBlockingEnumerable().Select(d => Model.Classify(d.Text)).ToList());
            OnlyDataFormatErrors(() => LabeledDataReader.ReadJsonLines(new StringReader(a + "\n" + b), "f.jsonl"));
            OnlyDataFormatErrors(() => LabeledDataReader.ReadCsv(new StringReader("text,labels\n" + a + "\n" + b), "f.csv"));
        }, iter: 2000);
    }

    [Fact]
    public void Readers_throw_only_data_format_exceptions_on_random_bytes()
    {
        HostileBytes.Sample(bytes =>
        {
            OnlyDataFormatErrors(() => DocumentJsonLinesReader.ReadAsync(new MemoryStream(bytes), "f.jsonl", _ => { }).ToBlockingEnumerable().ToList());
            using var lines = new Utf8LineReader(new MemoryStream(bytes), "f");
            OnlyDataFormatErrors(() => lines.ReadLine());
            var docs = TextFileReader.Read(new MemoryStream(bytes), "f.txt", _ => { }, default).ToList();
            Assert.All(docs, d => Assert.DoesNotContain('\0', d.Text));
            Assert.All(docs, d => Model.Analyze(d.Text));
        }, iter: 2000);
    }

    private static void OnlyDataFormatErrors(Action read)
    {
        try
        {
            read();
        }
        catch (DataFormatException e)
        {
            Assert.False(string.IsNullOrEmpty(e.Problem));
        }
    }
}
