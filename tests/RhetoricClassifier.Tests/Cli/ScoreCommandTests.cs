using System.Text.Json;

namespace RhetoricClassifier.Tests.Cli;

public sealed class ScoreCommandTests : IDisposable
{
    private readonly TempFolder _temp = new("rhetoric-cli-");

    private string _dir => _temp.Path;

    public void Dispose() => _temp.Dispose();

    private string Write(string relative, string text) => _temp.Write(relative, text);

    private static List<JsonElement> Records(string jsonl)
        => jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public void Scoring_a_folder_writes_one_record_per_sentence_with_offsets_into_each_file()
    {
        string b = Write("docs/b.txt", "Acme Inc. will cut 1,200 jobs.\n\nCapex rose to $3.5 billion.");
        string a = Write("docs/sub/a.md", "# Headline\nAI let us shrink the support team by half.");
        Write("docs/ignored.csv", "not,a,statement");
        var r = CliRunner.Run(_dir, "score", "docs", "--quiet");
        Assert.Equal(0, r.ExitCode);
        var records = Records(r.StdOut);
        Assert.Equal(4, records.Count);
        // Stable order: ordinal order of paths, so docs/b.txt before docs/sub/a.md.
        Assert.Equal(["b.txt", "b.txt", "a.md", "a.md"], records.Select(x => Path.GetFileName(x.GetProperty("document").GetString()!)));
        foreach (var rec in records)
        {
            string file = File.ReadAllText(Path.Combine(_dir, rec.GetProperty("document").GetString()!));
            int start = rec.GetProperty("start").GetInt32(), length = rec.GetProperty("length").GetInt32();
            Assert.Equal(file.Substring(start, length), rec.GetProperty("text").GetString());
            Assert.Equal(3, rec.GetProperty("scores").EnumerateObject().Count());
            Assert.All(rec.GetProperty("labels").EnumerateArray(), l => Assert.Contains(l.GetString(), new[] { "ai_justification", "cost_capex", "human_impact" }));
        }

        Assert.Equal([0, 1, 0, 1], records.Select(x => x.GetProperty("index").GetInt32()));
        Assert.Contains("cost_capex", records[1].GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        _ = (a, b);
    }

    [Fact]
    public void A_missing_path_exits_2_and_names_it()
    {
        var r = CliRunner.Run(_dir, "score", "no-such-folder");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no-such-folder", r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr); // no stack trace
        Assert.Equal("", r.StdOut);
    }

    [Fact]
    public void A_folder_without_text_files_exits_2()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "empty"));
        var r = CliRunner.Run(_dir, "score", "empty");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no .txt .md .html .htm .pdf .docx files", r.StdErr);
    }

    [Fact]
    public void Jsonl_input_uses_record_ids_and_a_malformed_line_exits_2_naming_the_line()
    {
        Write("in.jsonl", "{\"id\": \"r1\", \"text\": \"We will close two plants.\"}\n{\"id\": \"r2\", \"text\": 7}\n");
        var r = CliRunner.Run(_dir, "score", "in.jsonl", "--output", "out.jsonl");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("in.jsonl:2", r.StdErr);
        Assert.Contains("'text' must be a string", r.StdErr);
        Assert.False(File.Exists(Path.Combine(_dir, "out.jsonl")));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Skip_bad_skips_malformed_lines_with_a_warning_and_a_count()
    {
        Write("in.jsonl", "{\"id\": \"r1\", \"text\": \"We will close two plants.\"}\nnot json\n{\"text\": \"Capex rose.\"}\n");
        var r = CliRunner.Run(_dir, "score", "in.jsonl", "--skip-bad");
        Assert.Equal(0, r.ExitCode);
        var records = Records(r.StdOut);
        Assert.Equal(["r1", "in.jsonl:3"], records.Select(x => x.GetProperty("document").GetString()));
        Assert.Contains("in.jsonl:2", r.StdErr);
        Assert.Contains("1 malformed line(s) or unreadable file(s) skipped", r.StdErr);
    }

    [Fact]
    public void No_split_scores_each_record_as_one_sentence()
    {
        Write("in.jsonl", "{\"id\": \"r1\", \"text\": \"First sentence. Second sentence.\"}\n");
        var r = CliRunner.Run(_dir, "score", "in.jsonl", "--no-split");
        Assert.Equal(0, r.ExitCode);
        var rec = Assert.Single(Records(r.StdOut));
        Assert.Equal("First sentence. Second sentence.", rec.GetProperty("text").GetString());
    }

    [Fact]
    public void Summary_writes_one_record_per_document()
    {
        Write("a.txt", "We are cutting 300 jobs. Capex rose to $2 billion. The app has a new logo.");
        Write("empty.txt", "   ");
        var r = CliRunner.Run(_dir, "score", "a.txt", "empty.txt", "--summary");
        Assert.Equal(0, r.ExitCode);
        var records = Records(r.StdOut);
        Assert.Equal(2, records.Count);
        Assert.Equal(3, records[0].GetProperty("sentences").GetInt32());
        Assert.Equal(0, records[1].GetProperty("sentences").GetInt32());
        Assert.True(records[0].GetProperty("counts").GetProperty("human_impact").GetInt32() >= 1);
    }

    [Fact]
    public void Csv_output_has_a_header_and_one_row_per_sentence()
    {
        Write("a.txt", "We are cutting 300 jobs, says \"Acme\". Capex rose.");
        var r = CliRunner.Run(_dir, "score", "a.txt", "--format", "csv");
        Assert.Equal(0, r.ExitCode);
        string[] lines = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("document,index,start,length,text,labels,ai_justification,cost_capex,human_impact", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"We are cutting 300 jobs, says \"\"Acme\"\".\"", lines[1]);
    }

    [Fact]
    public void Standard_input_is_scored_as_one_document_named_dash()
    {
        var r = CliRunner.RunWithInput(_dir, "Layoffs hit 500 workers. Margins fell.", "score", "-");
        Assert.Equal(0, r.ExitCode);
        Assert.All(Records(r.StdOut), x => Assert.Equal("-", x.GetProperty("document").GetString()));
    }

    [Fact]
    public void Output_is_written_to_the_named_file_with_no_temporary_left()
    {
        Write("a.txt", "We are cutting 300 jobs.");
        var r = CliRunner.Run(_dir, "score", "a.txt", "--output", "out.jsonl");
        Assert.Equal(0, r.ExitCode);
        Assert.Single(Records(File.ReadAllText(Path.Combine(_dir, "out.jsonl"))));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Output_naming_an_input_is_refused_and_the_input_is_untouched()
    {
        string a = Write("a.txt", "We are cutting 300 jobs.");
        var r = CliRunner.Run(_dir, "score", "a.txt", "--output", "a.txt");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("names one of the inputs", r.StdErr);
        Assert.Equal("We are cutting 300 jobs.", File.ReadAllText(a));
    }

    [Fact]
    public void A_corrupt_model_file_exits_2_before_any_output()
    {
        Write("a.txt", "We are cutting 300 jobs.");
        Write("bad.zip", "garbage");
        var r = CliRunner.Run(_dir, "score", "a.txt", "--model", "bad.zip", "--output", "out.jsonl");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad.zip", r.StdErr);
        Assert.False(File.Exists(Path.Combine(_dir, "out.jsonl")));
    }

    [Fact]
    public void An_unknown_option_is_a_usage_error()
    {
        var r = CliRunner.Run(_dir, "score", "a.txt", "--colour");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'--colour'", r.StdErr);
    }
}
