using RhetoricClassifier.Data;

namespace RhetoricClassifier.Tests.Data;

public sealed class LabeledDataReaderTests
{
    private static IReadOnlyList<LabeledSentence> Jsonl(string text) => LabeledDataReader.ReadJsonLines(new StringReader(text), "data.jsonl");

    private static IReadOnlyList<LabeledSentence> Csv(string text) => LabeledDataReader.ReadCsv(new StringReader(text), "data.csv");

    [Fact]
    public void Reads_text_labels_id_and_genre_and_ignores_other_fields()
    {
        var s = Assert.Single(Jsonl("""{"id": "a1", "text": "Capex rose.", "labels": ["cost_capex", "human_impact"], "genre": "news", "source": "x"}"""));
        Assert.Equal("Capex rose.", s.Text);
        Assert.Equal(TagSet.CostCapex | TagSet.HumanImpact, s.Labels);
        Assert.Equal("a1", s.Id);
        Assert.Equal("news", s.Genre);
        Assert.Equal("data.jsonl:1", s.Origin);
    }

    [Fact]
    public void Labelled_data_over_the_byte_limit_are_refused_from_their_size_before_reading()
    {
        using var temp = new TempFolder("rhetoric-limit-");
        // Sparse files: the size is all that is looked at, so no disk space or time is spent.
        string Sparse(string name, long bytes)
        {
            string path = System.IO.Path.Combine(temp.Path, name);
            using var f = new FileStream(path, FileMode.CreateNew);
            f.SetLength(bytes);
            return path;
        }

        string huge = Sparse("huge.csv", InputLimits.MaxLabeledBytes + 1);
        var one = Assert.Throws<DataFormatException>(() => LabeledDataReader.ReadFile(huge));
        Assert.StartsWith($"{huge}: the file is 256 MiB; one run reads at most 256 MiB of labelled data", one.Message, StringComparison.Ordinal);

        string a = Sparse("a.jsonl", InputLimits.MaxLabeledBytes / 2), b = Sparse("b.jsonl", (InputLimits.MaxLabeledBytes / 2) + 1);
        var two = Assert.Throws<DataFormatException>(() => LabeledDataReader.ReadFiles([a, b]));
        Assert.StartsWith($"{b}: with this file the labelled data come to 256 MiB; one run reads at most 256 MiB", two.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_display_names_as_aliases()
        => Assert.Equal(TagSet.All, Assert.Single(Jsonl("""{"text": "x", "labels": ["AI-as-justification", "cost/capex", "human impact"]}""")).Labels);

    [Fact]
    public void Skips_blank_lines_and_keeps_line_numbers()
        => Assert.Equal("data.jsonl:3", Jsonl("\n\n{\"text\": \"x\", \"labels\": []}\n")[0].Origin);

    [Theory]
    [InlineData("""{"text": "x", "labels": ["layoffs"]}""", "unknown tag 'layoffs'")]
    [InlineData("""{"text": "x", "labels": ["Cost_Capex"]}""", "did you mean 'cost_capex'")]
    [InlineData("""{"labels": []}""", "missing 'text'")]
    [InlineData("""{"text": 42, "labels": []}""", "'text' must be a string, found a number")]
    [InlineData("""{"text": "   ", "labels": []}""", "empty 'text'")]
    [InlineData("""{"text": "x"}""", "missing 'labels'")]
    [InlineData("""{"text": "x", "labels": [1]}""", "'labels' must hold strings")]
    [InlineData("""{"text": "x", "labels": [}""", "invalid JSON")]
    [InlineData("""["x"]""", "expected a JSON object")]
    public void A_bad_line_names_the_file_the_line_and_the_problem(string line, string problem)
    {
        var e = Assert.Throws<DataFormatException>(() => Jsonl("{\"text\": \"fine\", \"labels\": []}\n" + line));
        Assert.Equal(2, e.LineNumber);
        Assert.Equal("data.jsonl", e.Source);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith("data.jsonl:2: ", e.Message);
    }

    [Fact]
    public void Duplicate_ids_are_an_error_naming_both_lines()
    {
        var e = Assert.Throws<DataFormatException>(() => Jsonl("{\"id\":\"a\",\"text\":\"x\",\"labels\":[]}\n{\"id\":\"a\",\"text\":\"y\",\"labels\":[]}"));
        Assert.Equal(2, e.LineNumber);
        Assert.Contains("first used on line 1", e.Message);
    }

    [Fact]
    public void Duplicate_ids_across_files_name_the_first_file_and_line()
    {
        string dir = Directory.CreateTempSubdirectory("rhetoric-ids-").FullName;
        try
        {
            string a = Path.Combine(dir, "a.jsonl"), b = Path.Combine(dir, "b.csv");
            File.WriteAllText(a, "{\"id\":\"x1\",\"text\":\"One.\",\"labels\":[]}\n");
            File.WriteAllText(b, "id,text,labels\nx2,Two.,\nx1,Three.,cost_capex\n");
            var e = Assert.Throws<DataFormatException>(() => LabeledDataReader.ReadFiles([a, b]));
            Assert.Equal(b, e.Source);
            Assert.Equal(3, e.LineNumber);
            Assert.Contains($"first used at {a}:1", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Reads_csv_with_quoted_commas_quotes_and_line_breaks()
    {
        var rows = Csv("text,labels\n\"Capex, up \"\"a lot\"\"\nthis year\",cost_capex;human_impact\nPlain line,\n");
        Assert.Equal(2, rows.Count);
        Assert.Equal("Capex, up \"a lot\"\nthis year", rows[0].Text);
        Assert.Equal(TagSet.CostCapex | TagSet.HumanImpact, rows[0].Labels);
        Assert.Equal(TagSet.None, rows[1].Labels);
        Assert.Equal("data.csv:4", rows[1].Origin);
    }

    [Fact]
    public void A_csv_without_text_and_labels_columns_is_refused()
    {
        var e = Assert.Throws<DataFormatException>(() => Csv("sentence,tags\nx,y\n"));
        Assert.Equal(1, e.LineNumber);
    }

    [Fact]
    public void A_csv_row_with_an_unknown_tag_names_its_line()
    {
        var e = Assert.Throws<DataFormatException>(() => Csv("text,labels\nok,cost_capex\nbad,costs\n"));
        Assert.Equal(3, e.LineNumber);
        Assert.Contains("unknown tag 'costs'", e.Message);
    }

    [Fact]
    public void A_file_that_is_neither_jsonl_nor_csv_is_refused()
    {
        var e = Assert.Throws<DataFormatException>(() => LabeledDataReader.ReadFile("labels.xlsx"));
        Assert.Contains("JSON Lines (.jsonl) or CSV (.csv)", e.Message);
    }
}
