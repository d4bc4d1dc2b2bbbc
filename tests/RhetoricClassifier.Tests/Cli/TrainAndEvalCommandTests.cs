using System.Text.Json;
using RhetoricClassifier.Cli.Commands;

namespace RhetoricClassifier.Tests.Cli;

public sealed class TrainAndEvalCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rhetoric-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Train_prints_the_cross_validation_table_and_writes_a_loadable_model()
    {
        var r = CliRunner.Run(_dir, "train", "--data", SmallModelFixture.FixturePath("small.jsonl"), "--output", "m.zip", "--folds", "3", "--trees", "20", "--quiet");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("macro-F1", r.StdOut);
        Assert.Contains("ai_justification", r.StdOut);
        var model = RhetoricModel.Load(Path.Combine(_dir, "m.zip"));
        Assert.Equal(3, model.Manifest.Training.Folds);
        Assert.Equal(20, model.Manifest.Training.NumberOfTrees);

        var eval = CliRunner.Run(_dir, "eval", "--data", SmallModelFixture.FixturePath("small.jsonl"), "--model", "m.zip", "--format", "json");
        Assert.Equal(0, eval.ExitCode);
        var json = JsonDocument.Parse(eval.StdOut).RootElement;
        Assert.Equal(70, json.GetProperty("examples").GetInt32());
        double macro = json.GetProperty("macro_f1").GetDouble();
        Assert.InRange(macro, 0.5, 1.0);

        var csv = CliRunner.Run(_dir, "eval", "--data", SmallModelFixture.FixturePath("small.jsonl"), "--model", "m.zip", "--format", "csv");
        Assert.Equal(0, csv.ExitCode);
        string[] rows = csv.StdOut.Trim().Split('\n');
        Assert.Equal("tag,support,precision,recall,f1", rows[0]);
        Assert.Equal(["ai_justification", "cost_capex", "human_impact", "micro", "macro"], rows.Skip(1).Select(r => r.Split(',')[0]));
        Assert.Equal(macro, double.Parse(rows[^1].Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture), 5e-5); // the CSV rounds to 4 places
    }

    [Fact]
    public void Train_reports_each_fold_and_the_final_model_with_elapsed_time_and_time_left()
    {
        var r = CliRunner.Run(_dir, "train", "--data", SmallModelFixture.FixturePath("small.jsonl"), "-o", "m.zip", "--folds", "3", "--trees", "5");

        Assert.Equal(0, r.ExitCode);
        string[] lines = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            ["rhetoric: training on 70 sentences", "rhetoric: cross-validation fold 1/3", "rhetoric: cross-validation fold 2/3 (",
             "rhetoric: cross-validation fold 3/3 (", "rhetoric: training the final model on all data ("],
            lines.Select(l => l.Contains('(', StringComparison.Ordinal) ? l[..(l.IndexOf('(', StringComparison.Ordinal) + 1)] : l));
        Assert.All(lines.Skip(2), l => Assert.Matches(@"\(\d+:\d\d elapsed, about \d+:\d\d left\)$", l));
    }

    [Fact]
    public void Train_warns_about_duplicate_sentences_even_when_quiet()
    {
        // Each sentence three times, under different ids.
        string[] lines = File.ReadAllLines(SmallModelFixture.FixturePath("small.jsonl"));
        string data = Path.Combine(_dir, "copies.jsonl");
        File.WriteAllLines(data, Enumerable.Range(0, 3).SelectMany(c => lines.Select(l => l.Replace("\"id\": \"", $"\"id\": \"copy{c}-", StringComparison.Ordinal))));
        var r = CliRunner.Run(_dir, "train", "--data", data, "--output", "m.zip", "--folds", "3", "--trees", "5", "--quiet");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains($"rhetoric: warning: {2 * lines.Length} of the {3 * lines.Length} training sentences are exact duplicates", r.StdErr);
        Assert.Contains("Cross-validation figures are meaningless when copies of a sentence fall in different folds", r.StdErr);
    }

    [Fact]
    public void A_malformed_data_line_exits_2_naming_file_and_line_and_writes_nothing()
    {
        string data = Path.Combine(_dir, "bad.jsonl");
        File.WriteAllText(data, "{\"text\": \"fine\", \"labels\": []}\n{\"text\": \"oops\", \"labels\": [\"Human_Impact\"]}\n");
        var r = CliRunner.Run(_dir, "train", "--data", data, "--output", "m.zip");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad.jsonl:2", r.StdErr);
        Assert.Contains("did you mean 'human_impact'", r.StdErr);
        Assert.False(File.Exists(Path.Combine(_dir, "m.zip")));
    }

    [Fact]
    public void Training_data_where_a_tag_has_no_positive_example_is_refused()
    {
        string data = Path.Combine(_dir, "no-ai.jsonl");
        File.WriteAllLines(data, Enumerable.Range(0, 20).Select(i =>
            $"{{\"text\": \"sentence number {i} about {(i % 2 == 0 ? "capex" : "jobs")}\", \"labels\": [\"{(i % 2 == 0 ? "cost_capex" : "human_impact")}\"]}}"));
        var r = CliRunner.Run(_dir, "train", "--data", data, "--output", "m.zip");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("ai_justification", r.StdErr);
        Assert.Contains("positive", r.StdErr);
        Assert.False(File.Exists(Path.Combine(_dir, "m.zip")));
    }

    [Fact]
    public void Linear_weight_0_trains_FastTree_alone()
    {
        var r = CliRunner.Run(_dir, "train", "--data", SmallModelFixture.FixturePath("small.jsonl"), "--output", "m.zip", "--folds", "3", "--trees", "20", "--linear-weight", "0", "--quiet");
        Assert.Equal(0, r.ExitCode);
        var model = RhetoricModel.Load(Path.Combine(_dir, "m.zip"));
        Assert.Equal(0, model.Manifest.Training.LinearWeight);
        Assert.Null(model.Core.LinearModels);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("half")]
    public void A_linear_weight_outside_0_to_1_is_a_usage_error(string weight)
    {
        var r = CliRunner.Run(_dir, "train", "--data", SmallModelFixture.FixturePath("small.jsonl"), "--output", "m.zip", "--linear-weight", weight);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--linear-weight", r.StdErr);
        Assert.Contains(weight, r.StdErr);
        Assert.False(File.Exists(Path.Combine(_dir, "m.zip")));
    }

    [Theory]
    [InlineData("test.jsonl", true)]
    [InlineData("test-realstyle.jsonl", true)]
    [InlineData("Test-extra.csv", true)]
    [InlineData("news-v2.jsonl", false)]
    [InlineData("company-v2.jsonl", false)]
    [InlineData("reactions-v2.jsonl", false)]
    public void Held_out_splits_are_recognised_by_the_word_test_in_the_file_name(string name, bool heldOut)
        => Assert.Equal(heldOut, DataPaths.IsTestFile(Path.Combine("training-data", name)));

    [Fact]
    public void A_data_folder_leaves_out_every_held_out_split()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_dir, "data")).FullName;
        foreach (string name in new[] { "news-v2.jsonl", "test.jsonl", "test-realstyle.jsonl" })
        {
            File.WriteAllText(Path.Combine(folder, name), "{\"text\": \"x\", \"labels\": []}\n");
        }

        Assert.Equal([Path.Combine(folder, "news-v2.jsonl")], DataPaths.Expand([folder]));
    }

    [Fact]
    public void Data_check_passes_the_shipped_corpus()
    {
        var r = CliRunner.Run(RepositoryPaths.Root, "data", "check", "training-data");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("multi-tag", r.StdOut);
        Assert.Contains("test: ", r.StdOut);
    }
}
