using System.Text.Json;

namespace RhetoricClassifier.Tests.Cli;

public sealed class ExplainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rhetoric-explain-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Score_explain_adds_word_weights_that_add_up_to_each_tags_log_odds_with_offsets_into_the_document()
    {
        var r = CliRunner.Run(RepositoryPaths.Root, "score", "examples", "--explain", "--quiet");
        Assert.Equal(0, r.ExitCode);
        int words = 0;
        foreach (string line in r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            JsonElement rec = JsonDocument.Parse(line).RootElement;
            string document = File.ReadAllText(Path.Combine(RepositoryPaths.Root, rec.GetProperty("document").GetString()!));
            JsonElement explain = rec.GetProperty("explain");
            Assert.Equal(["ai_justification", "cost_capex", "human_impact"], explain.EnumerateObject().Select(p => p.Name));
            foreach (JsonProperty tag in explain.EnumerateObject())
            {
                double p = rec.GetProperty("scores").GetProperty(tag.Name).GetDouble();
                double sum = tag.Value.GetProperty("base").GetDouble();
                foreach (JsonElement w in tag.Value.GetProperty("words").EnumerateArray())
                {
                    int start = w.GetProperty("start").GetInt32(), length = w.GetProperty("length").GetInt32();
                    Assert.Equal(document.Substring(start, length), w.GetProperty("text").GetString());
                    Assert.InRange(start, rec.GetProperty("start").GetInt32(), rec.GetProperty("start").GetInt32() + rec.GetProperty("length").GetInt32() - length);
                    Assert.NotEqual(0, w.GetProperty("weight").GetDouble());
                    sum += w.GetProperty("weight").GetDouble();
                    words++;
                }

                // Scores are floats: near 0 or 1 their own rounding (half an ulp) moves ln(p / (1 - p)) by more
                // than 1e-3, so the tolerance adds exactly that.
                double rounding = Math.Pow(2, -25) / (p * (1 - p));
                Assert.Equal(Math.Log(p / (1 - p)), sum, 1e-3 + rounding);
            }
        }

        Assert.True(words > 100, $"only {words} weighted words");
    }

    [Fact]
    public void Explain_prints_each_tag_with_its_strongest_words_and_their_signed_weights()
    {
        var r = CliRunner.Run(_dir, "explain", "We are cutting 900 roles as AI takes over routine work.");
        Assert.Equal(0, r.ExitCode);
        foreach (RhetoricTag t in RhetoricTags.All)
        {
            Assert.Contains(t.DisplayName(), r.StdOut);
        }

        Assert.Matches(@"\+\d+\.\d\d AI", r.StdOut);
        Assert.DoesNotContain("\u001b[", r.StdOut); // piped: no colour codes
    }

    [Fact]
    public void Explain_file_explains_every_sentence_and_a_missing_file_exits_2()
    {
        File.WriteAllText(Path.Combine(_dir, "memo.txt"), "We will cut 300 jobs. Capex rose to $4 billion.");
        var r = CliRunner.Run(_dir, "explain", "--file", "memo.txt");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("We will cut 300 jobs.", r.StdOut);
        Assert.Contains("Capex rose to $4 billion.", r.StdOut);

        var missing = CliRunner.Run(_dir, "explain", "--file", "nope.txt");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.txt", missing.StdErr);
    }

    [Fact]
    public void Explain_with_csv_is_a_usage_error()
    {
        var r = CliRunner.Run(RepositoryPaths.Root, "score", "examples", "--format", "csv", "--explain");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--explain", r.StdErr);
    }

    [Fact]
    public void Table_format_shows_every_sentence_with_its_tags_and_summary_is_an_aligned_table()
    {
        var jsonl = CliRunner.Run(RepositoryPaths.Root, "score", "examples", "--quiet");
        var table = CliRunner.Run(RepositoryPaths.Root, "score", "examples", "--format", "table", "--quiet");
        Assert.Equal(0, table.ExitCode);
        var records = jsonl.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        foreach (JsonElement rec in records.Where(r => r.GetProperty("labels").GetArrayLength() == 3))
        {
            Assert.Contains(" AI   COST   HUMAN ", table.StdOut);
        }

        Assert.All(Directory.GetFiles(RepositoryPaths.Examples), f => Assert.Contains(Path.GetFileName(f), table.StdOut));

        var summary = CliRunner.Run(RepositoryPaths.Root, "score", "examples", "--format", "table", "--summary", "--quiet");
        Assert.Equal(0, summary.ExitCode);
        string[] rows = summary.StdOut.Split('\n').Where(l => l.Contains("examples/", StringComparison.Ordinal)).ToArray();
        Assert.Equal(4, rows.Length);
        Assert.Single(rows.Select(l => l.Length).Distinct()); // aligned: every row as wide as the others
        Assert.All(table.StdOut.Split('\n').Concat(summary.StdOut.Split('\n')), l => Assert.False(l.EndsWith(' '), $"padded to the width: '{l}'"));
    }
}
