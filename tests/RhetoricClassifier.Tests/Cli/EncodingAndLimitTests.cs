using System.Text;
using System.Text.Json;
using RhetoricClassifier.Data;

namespace RhetoricClassifier.Tests.Cli;

/// <summary>Hostile encodings and sizes: never an abort, the right line in every message, memory bounded by the limits.</summary>
public sealed class EncodingAndLimitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rhetoric-encoding-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<JsonElement> Records(string jsonl)
        => jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    private void WriteBytes(string name, byte[] bytes) => File.WriteAllBytes(Path.Combine(_dir, name), bytes);

    [Theory]
    [InlineData("""We cut \ud800 jobs.""")]
    [InlineData("""We cut \udc00 jobs.""")]
    [InlineData("""We cut \ufffe jobs.""")]
    [InlineData("""We cut \uffff jobs. \ufdd0""")]
    [InlineData("""We cut \ud83f\udffe jobs.""")]
    public void Lone_surrogates_and_noncharacters_in_json_are_scored_not_fatal(string text)
    {
        File.WriteAllText(Path.Combine(_dir, "in.jsonl"), $"{{\"id\": \"a\", \"text\": \"{text}\"}}\n{{\"id\": \"b\", \"text\": \"Capex rose.\"}}\n");
        var r = CliRunner.Run(_dir, "score", "in.jsonl");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Equal(["a", "b"], Records(r.StdOut).Select(x => x.GetProperty("document").GetString()).Distinct());
    }

    [Fact]
    public void Invalid_utf8_in_json_lines_is_reported_on_its_own_line()
    {
        var sb = new StringBuilder();
        for (int i = 1; i <= 6000; i++)
        {
            sb.Append($"{{\"text\": \"We are cutting {i} jobs.\", \"labels\": [\"human_impact\"]}}\n");
        }

        byte[] bytes = Encoding.UTF8.GetBytes(sb.ToString());
        int at = Encoding.UTF8.GetBytes(sb.ToString()).AsSpan().IndexOf("cutting 5000 "u8);
        bytes[at] = 0xFF;
        WriteBytes("data.jsonl", bytes);
        var r = CliRunner.Run(_dir, "data", "check", "data.jsonl");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("data.jsonl:5000: invalid UTF-8", r.StdErr);
    }

    [Fact]
    public void A_record_over_the_size_limit_names_its_line_and_skip_bad_scores_the_rest()
    {
        using (var w = new StreamWriter(Path.Combine(_dir, "in.jsonl")))
        {
            w.Write("{\"id\": \"small\", \"text\": \"Capex rose.\"}\n{\"id\": \"huge\", \"text\": \"");
            w.Write(new string('a', InputLimits.MaxRecordBytes + 10));
            w.Write("\"}\n{\"id\": \"after\", \"text\": \"We cut jobs.\"}\n");
        }

        var r = CliRunner.Run(_dir, "score", "in.jsonl", "--output", "out.jsonl");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("in.jsonl:2: the record is longer than 16 MiB", r.StdErr);
        Assert.False(File.Exists(Path.Combine(_dir, "out.jsonl")));

        r = CliRunner.Run(_dir, "score", "in.jsonl", "--skip-bad");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["small", "after"], Records(r.StdOut).Select(x => x.GetProperty("document").GetString()));
    }

    [Fact]
    public void Nul_bytes_after_the_first_8_kb_are_replaced_with_a_warning_never_written_out()
    {
        string text = string.Concat(Enumerable.Repeat("We cut jobs. ", 1000));
        WriteBytes("nul.txt", [.. Encoding.UTF8.GetBytes(text), 0, 0, .. "Capex rose."u8.ToArray()]);
        var r = CliRunner.Run(_dir, "score", "nul.txt");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("nul.txt: NUL character at character 13000", r.StdErr);
        Assert.DoesNotContain("\\u0000", r.StdOut);
        Assert.Equal("Capex rose.", Records(r.StdOut)[^1].GetProperty("text").GetString());
    }

    [Fact]
    public void Invalid_utf8_in_a_file_read_in_parts_is_reported_like_in_a_small_file()
    {
        byte[] sentence = "We cut jobs. "u8.ToArray();
        var bytes = new List<byte>();
        while (bytes.Count < 2_000_000)
        {
            bytes.AddRange(sentence);
        }

        bytes.InsertRange(1_500_000, [0xC3, 0x28]);
        WriteBytes("big.txt", [.. bytes]);
        var r = CliRunner.Run(_dir, "score", "big.txt", "--quiet", "--output", "out.jsonl");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("big.txt: invalid UTF-8 near character", r.StdErr);
    }

    [Fact]
    public void A_file_name_that_is_not_utf8_is_skipped_with_a_warning_and_the_folder_is_scored()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "docs"));
        File.WriteAllText(Path.Combine(_dir, "docs", "ok.txt"), "Capex rose.");
        // Create the file through the shell: .NET cannot spell a name that is not UTF-8.
        Shell("printf 'We cut jobs.' > \"docs/bad$(printf '\\377').txt\"");
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_dir, "docs")).Length);
        var r = CliRunner.Run(_dir, "score", "docs");
        Assert.Equal(0, r.ExitCode);
        Shell("rm docs/bad*.txt"); // nor can .NET delete it
        Assert.Contains("skipped: the file name is not valid UTF-8", r.StdErr);
        Assert.Single(Records(r.StdOut));
    }

    private void Shell(string command)
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sh") { ArgumentList = { "-c", command }, WorkingDirectory = _dir })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    [Fact]
    public void A_file_named_twice_or_also_inside_a_named_folder_is_scored_once()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "docs"));
        File.WriteAllText(Path.Combine(_dir, "docs", "a.txt"), "Capex rose.");
        var r = CliRunner.Run(_dir, "score", "docs/a.txt", "docs", "docs/a.txt");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("named more than once", r.StdErr);
        Assert.Single(Records(r.StdOut));
    }

    [Fact]
    public void Standard_input_is_streamed_in_parts_with_offsets_into_the_whole_stream()
    {
        // One sentence, 400,000 spaces (more than a block), another sentence: read in parts from a pipe.
        string input = "We cut jobs.\n" + new string(' ', 400_000) + "Capex rose.";
        var r = CliRunner.RunWithInput(_dir, input, "score", "-");
        Assert.Equal(0, r.ExitCode);
        var records = Records(r.StdOut);
        Assert.Equal(2, records.Count);
        Assert.Equal(input.IndexOf("Capex", StringComparison.Ordinal), records[1].GetProperty("start").GetInt32());
    }

    [Fact]
    public void A_labelled_sentence_over_the_length_limit_is_refused_naming_its_line()
    {
        string data = "{\"text\": \"Capex rose.\", \"labels\": []}\n" + JsonSerializer.Serialize(new { text = new string('x', InputLimits.MaxLabeledSentenceChars + 1), labels = Array.Empty<string>() });
        var e = Assert.Throws<DataFormatException>(() => LabeledDataReader.ReadJsonLines(new StringReader(data), "d.jsonl"));
        Assert.Equal(2, e.LineNumber);
        Assert.Contains("at most 20,000", e.Message);
    }
}
