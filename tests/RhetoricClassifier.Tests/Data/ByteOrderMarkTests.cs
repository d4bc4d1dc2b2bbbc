using System.Text;
using RhetoricClassifier.Data;

namespace RhetoricClassifier.Tests.Data;

/// <summary>
/// Every reader honours the byte order marks of UTF-8, UTF-16 and UTF-32 in either byte order: a UTF-32
/// little-endian file was read as UTF-16 (its mark starts with UTF-16's) and scored as "W e   c u t" with exit 0;
/// labelled data in UTF-32 was an error about the header.
/// </summary>
public sealed class ByteOrderMarkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rhetoric-bom-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Encodings => ["utf-8", "utf-16le", "utf-16be", "utf-32le", "utf-32be"];

    private static Encoding Named(string name) => name switch
    {
        "utf-8" => new UTF8Encoding(true),
        "utf-16le" => new UnicodeEncoding(false, true),
        "utf-16be" => new UnicodeEncoding(true, true),
        "utf-32le" => new UTF32Encoding(false, true),
        _ => new UTF32Encoding(true, true),
    };

    private string Write(string name, string encoding, string text)
    {
        Encoding e = Named(encoding);
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, [.. e.GetPreamble(), .. e.GetBytes(text)]);
        return path;
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void The_mark_names_the_encoding_and_its_length(string encoding)
    {
        Encoding e = Named(encoding);

        var found = ByteOrderMark.Detect([.. e.GetPreamble(), .. e.GetBytes("Zürich")]);

        Assert.NotNull(found);
        Assert.Equal(e.GetPreamble().Length, found.Value.Length);
        Assert.Equal(e.WebName, found.Value.Encoding.WebName);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Labelled_csv_and_json_lines_are_read_in_any_marked_encoding(string encoding)
    {
        string csv = Write("d.csv", encoding, "text,labels\nZürich cuts 200 jobs.,human_impact\nCapex rose.,cost_capex\n");
        string jsonl = Write("d.jsonl", encoding, "{\"text\":\"Zürich cuts 200 jobs.\",\"labels\":[\"human_impact\"]}\n");

        Assert.Equal(["Zürich cuts 200 jobs.", "Capex rose."], LabeledDataReader.ReadFile(csv).Select(s => s.Text));
        Assert.Equal("Zürich cuts 200 jobs.", Assert.Single(LabeledDataReader.ReadFile(jsonl)).Text);
    }

    [Theory]
    [InlineData("utf-32le")]
    [InlineData("utf-32be")]
    public void Score_reads_a_utf32_text_file_as_utf32(string encoding)
    {
        Write("t.txt", encoding, "Zürich bank cuts 200 jobs. Capex rose.");

        var r = Cli.CliRunner.Run(_dir, "score", "t.txt");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("\"text\":\"Zürich bank cuts 200 jobs.\"", r.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("NUL", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_with_carriage_returns_alone_as_line_breaks_says_so()
    {
        string path = Path.Combine(_dir, "mac.csv");
        File.WriteAllText(path, "text,labels\rWe cut 300 jobs.,human_impact\rCapex rose.,cost_capex\r");

        var e = Assert.Throws<DataFormatException>(() => LabeledDataReader.ReadFile(path));

        Assert.Equal($"{path}:1: lines end with a carriage return alone (classic Mac OS line breaks); save the file with \\n or \\r\\n line breaks", e.Message);
    }
}
