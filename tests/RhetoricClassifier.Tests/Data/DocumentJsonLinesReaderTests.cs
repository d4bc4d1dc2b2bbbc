using System.Text;
using System.Text.Json;
using CsCheck;
using RhetoricClassifier.Data;

namespace RhetoricClassifier.Tests.Data;

/// <summary>
/// Records are read from the line's bytes with <see cref="Utf8JsonReader"/> when they are well formed, and by the
/// string path (which words every error) otherwise: the byte path must never accept a line differently.
/// </summary>
public sealed class DocumentJsonLinesReaderTests
{
    private static readonly Gen<string> Value = Gen.OneOf(
        Gen.String[Gen.Char["ab \"\\\u00e9\u2019\uD83D\uDE00\uD800\u0000\n"], 0, 20].Select(s => JsonSerializer.Serialize(s)),
        Gen.Const("\"\\ud800\""), Gen.Const("\"\\u0041\\uD83D\\uDE00\""), Gen.Const("12"), Gen.Const("-1.5e3"), Gen.Const("null"), Gen.Const("true"),
        Gen.Const("[1, {\"text\": 2}]"), Gen.Const("{\"id\": \"inner\"}"), Gen.Const("\"x"), Gen.Const("[1,"), Gen.Const("01"));

    private static readonly Gen<string> Name = Gen.OneOf(Gen.Const("text"), Gen.Const("id"), Gen.Const("te\\u0078t"), Gen.Const("Text"), Gen.Const("other"), Gen.Const("i\\u0064"));

    private static readonly Gen<string> StringValue = Gen.String[Gen.Char["ab ,\"\\\u00e9\u2019\uD83D\uDE00\u0000\n\t/<>"], 0, 30].Select(s => JsonSerializer.Serialize(s));

    private static readonly Gen<string> Line = Gen.OneOf(
        Gen.Select(StringValue, Gen.OneOf(StringValue, Gen.Const("7"), Gen.Const("null")), Gen.Select(Name, Value).List[0, 2], (text, id, more) =>
            "{" + string.Concat(more.Select(p => $"\"{p.Item1}\": {p.Item2}, ")) + $"\"id\": {id}, \"text\": {text}" + "}"),
        Gen.Select(Gen.Select(Name, Value).List[0, 4], Gen.OneOf(Gen.Const(""), Gen.Const(" "), Gen.Const(" x"), Gen.Const("}"), Gen.Const(",")), Gen.OneOf(Gen.Const(""), Gen.Const("  "), Gen.Const("\t")),
            (props, tail, head) => head + "{" + string.Join(",", props.Select(p => $"\"{p.Item1}\": {p.Item2}")) + "}" + tail),
        Gen.String[Gen.Char["{}[]\":,0123456789 textid\\u"], 0, 40]);

    [Fact]
    public void The_byte_path_reads_a_line_exactly_as_the_string_path_or_leaves_it_to_it()
    {
        int fast = 0;
        Line.Sample(line =>
        {
            TextDocument? expected;
            try
            {
                expected = DocumentJsonLinesReader.ParseLine(line, "f.jsonl", 7);
            }
            catch (DataFormatException)
            {
                expected = null;
            }

            TextDocument? actual = DocumentJsonLinesReader.TryParseUtf8(Encoding.UTF8.GetBytes(line), "f.jsonl", 7);
            if (actual is not null)
            {
                Interlocked.Increment(ref fast);
                Assert.Equal(expected, actual);
            }
        }, iter: 20_000);
        Assert.True(fast > 3000, $"the byte path read only {fast} of 20,000 lines");
    }

    [Theory]
    [InlineData("{\"id\": \"a\", \"text\": \"We cut costs.\"}", "a", "We cut costs.")]
    [InlineData("  {\"text\": \"t\", \"id\": 42}", "42", "t")]                                 // a number id as written
    [InlineData("{\"id\": 1.50, \"text\": \"t\"}", "1.50", "t")]
    [InlineData("{\"text\": \"t\"}", "f.jsonl:7", "t")]                                         // no id: source:line
    [InlineData("{\"id\": null, \"text\": \"t\"}", "f.jsonl:7", "t")]
    [InlineData("{\"id\": [1], \"text\": \"t\"}", "f.jsonl:7", "t")]                            // an id of another type
    [InlineData("{\"text\": \"a\", \"te\\u0078t\": \"b\", \"meta\": {\"text\": 1}}", "f.jsonl:7", "b")] // the last 'text' counts
    public void Well_formed_records_take_the_byte_path(string line, string id, string text)
        => Assert.Equal(new TextDocument(id, text), DocumentJsonLinesReader.TryParseUtf8(Encoding.UTF8.GetBytes(line), "f.jsonl", 7));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[1]")]
    [InlineData("{\"text\": 1}")]
    [InlineData("{\"id\": \"a\"}")]
    [InlineData("{\"text\": \"a\"} x")]
    [InlineData("{\"text\": \"\\ud800\"}")] // a lone surrogate escape: the string path turns it into U+FFFD
    [InlineData("{\"text\": \"a\",}")]
    public void Anything_else_is_left_to_the_string_path(string line)
        => Assert.Null(DocumentJsonLinesReader.TryParseUtf8(Encoding.UTF8.GetBytes(line), "f.jsonl", 7));
}
