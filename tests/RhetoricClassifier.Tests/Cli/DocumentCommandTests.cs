using System.Text.Json;
using RhetoricClassifier.Tests.Documents;

namespace RhetoricClassifier.Tests.Cli;

public sealed class DocumentCommandTests : IDisposable
{
    private readonly TempFolder _temp = new("rhetoric-docs-");

    private string _dir => _temp.Path;

    public void Dispose() => _temp.Dispose();

    private string Write(string relative, byte[] bytes) => _temp.Write(relative, bytes);

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "documents", name));

    private static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static List<JsonElement> Records(string jsonl)
        => jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    // A folder mixing all five formats, plus a file of another type that the walk must leave alone.
    private void WriteMixedFolder()
    {
        Write("in/a-memo.txt", Utf8("We will close the Dayton plant.\n\nCapex rose to $3.5 billion."));
        Write("in/b-notes.md", Utf8("# Update\n\nAI let us shrink the support team by half."));
        Write("in/c-news.html", Fixture("news-page.html"));
        Write("in/d-statement.pdf", PdfFixtures.TwoPageStatement());
        Write("in/e-memo.docx", DocxDocumentTests.Memo());
        Write("in/f-data.csv", Utf8("not,a,statement"));
    }

    [Fact]
    public void Score_on_a_mixed_folder_gives_the_sentences_a_reader_sees_with_spans_into_the_extracted_text()
    {
        WriteMixedFolder();

        var score = CliRunner.Run(_dir, "score", "in", "--quiet");
        var extract = CliRunner.Run(_dir, "extract", "in", "--output", "text", "--quiet");

        Assert.Equal(0, score.ExitCode);
        Assert.Equal(0, extract.ExitCode);
        var records = Records(score.StdOut);
        Assert.Equal(
            ["a-memo.txt", "b-notes.md", "c-news.html", "d-statement.pdf", "e-memo.docx"],
            records.Select(r => Path.GetFileName(r.GetProperty("document").GetString()!)).Distinct());
        foreach (var record in records)
        {
            string document = record.GetProperty("document").GetString()!;
            string text = File.ReadAllText(Path.Combine(_dir, "text", Path.GetFileName(document) + ".txt"));
            int start = record.GetProperty("start").GetInt32(), length = record.GetProperty("length").GetInt32();
            Assert.Equal(text.Substring(start, length), record.GetProperty("text").GetString());
        }

        string[] sentences = records.Select(r => r.GetProperty("text").GetString()!).ToArray();
        Assert.Contains("Every affected colleague will be offered severance and retraining.", sentences);
        Assert.Contains("We will reduce the workforce by about 1,200 positions this year.", sentences);
        Assert.Contains("Two distribution centres in Ohio will close", sentences);
        Assert.DoesNotContain(sentences, s => s.Contains("cookies", StringComparison.OrdinalIgnoreCase) || s.Contains("CONFIDENTIAL", StringComparison.Ordinal) || s.Contains("internal memo", StringComparison.Ordinal));
    }

    [Fact]
    public void A_large_page_read_in_parts_keeps_offsets_and_sentence_numbers_of_the_whole_text()
    {
        SecFiling.Write(Path.Combine(_dir, "filing.htm"), 3_000_000);

        var score = CliRunner.Run(_dir, "score", "filing.htm", "--quiet");
        var summary = CliRunner.Run(_dir, "score", "filing.htm", "--summary", "--quiet");
        var extract = CliRunner.Run(_dir, "extract", "filing.htm", "--quiet");

        Assert.Equal(0, extract.ExitCode);
        string text = File.ReadAllText(Path.Combine(_dir, "filing.htm.txt"));
        Assert.True(text.Length > 1_000_000);
        var records = Records(score.StdOut);
        Assert.Equal(Enumerable.Range(0, records.Count), records.Select(r => r.GetProperty("index").GetInt32()));
        Assert.All(records, r => Assert.Equal(
            text.Substring(r.GetProperty("start").GetInt32(), r.GetProperty("length").GetInt32()),
            r.GetProperty("text").GetString()));
        var documents = Records(summary.StdOut);
        Assert.Equal(records.Count, Assert.Single(documents).GetProperty("sentences").GetInt32());
    }

    [Fact]
    public void Include_and_exclude_globs_narrow_the_folder_walk()
    {
        WriteMixedFolder();

        var r = CliRunner.Run(_dir, "score", "in", "--include", "*.pdf", "*.docx", "*.txt", "--exclude", "a-*", "--summary", "--quiet");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["d-statement.pdf", "e-memo.docx"], Records(r.StdOut).Select(x => Path.GetFileName(x.GetProperty("document").GetString()!)));
    }

    [Fact]
    public void A_bad_pdf_in_a_folder_exits_2_naming_it_and_writes_no_output()
    {
        WriteMixedFolder();
        Write("in/c-broken.pdf", PdfFixtures.Truncated());

        var r = CliRunner.Run(_dir, "score", "in", "--output", "out.jsonl", "--quiet");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("c-broken.pdf: not a readable PDF (damaged or truncated)", r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
        Assert.False(File.Exists(Path.Combine(_dir, "out.jsonl")));
    }

    [Fact]
    public void Skip_bad_warns_about_bad_and_scanned_files_and_scores_the_rest()
    {
        WriteMixedFolder();
        Write("in/c-locked.pdf", PdfFixtures.Encrypted());
        Write("in/c-scan.pdf", PdfFixtures.Scan());
        Write("in/c-fake.docx", Utf8("plain text with a .docx name"));

        var r = CliRunner.Run(_dir, "score", "in", "--skip-bad", "--summary", "--quiet");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("c-locked.pdf: the PDF is encrypted", r.StdErr);
        Assert.Contains("c-scan.pdf: no text layer; run OCR first", r.StdErr);
        Assert.Contains("c-fake.docx: not a valid .docx file", r.StdErr);
        Assert.Equal(5, Records(r.StdOut).Count);
    }

    [Fact]
    public void Extract_writes_one_text_per_input_next_to_it_and_never_over_an_input()
    {
        Write("in/report.pdf", PdfFixtures.TwoPageStatement());
        Write("in/report.pdf.txt", Utf8("an input that happens to have the output's name"));

        var refused = CliRunner.Run(_dir, "extract", "in");
        Write("in/sub/page.html", Fixture("news-page.html"));
        var written = CliRunner.Run(_dir, "extract", Path.Combine(_dir, "in", "sub"), "--quiet");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("would overwrite an input", refused.StdErr);
        Assert.Equal("an input that happens to have the output's name", File.ReadAllText(Path.Combine(_dir, "in", "report.pdf.txt")));
        Assert.Equal(0, written.ExitCode);
        Assert.StartsWith("Northwind Logistics to cut 1,200 jobs", File.ReadAllText(Path.Combine(_dir, "in", "sub", "page.html.txt")), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "in", "sub"), "*.tmp"));
    }
}
