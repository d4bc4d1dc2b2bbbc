using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace RhetoricClassifier.Tests.Cli;

public sealed class ParquetOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rhetoric-parquet-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Sentences_read_back_with_typed_columns_equal_the_json_lines_run()
    {
        string output = Path.Combine(_dir, "out.parquet");
        var json = CliRunner.Run(RepositoryPaths.Root, "score", "examples", "--quiet");
        var run = CliRunner.Run(RepositoryPaths.Root, "score", "examples", "--format", "parquet", "--output", output, "--quiet");

        Assert.Equal(0, run.ExitCode);
        List<JsonElement> expected = json.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Dictionary<string, Array> columns = await ReadAll(output);
        Assert.Equal(
            ["document", "index", "start", "length", "text", "ai_justification", "cost_capex", "human_impact",
             "ai_justification_score", "cost_capex_score", "human_impact_score"],
            columns.Keys);
        Assert.IsType<long[]>(columns["start"]);
        Assert.IsType<bool[]>(columns["cost_capex"]);
        Assert.IsType<float[]>(columns["cost_capex_score"]);
        Assert.Equal(expected.Count, columns["document"].Length);
        for (int i = 0; i < expected.Count; i++)
        {
            JsonElement e = expected[i];
            Assert.Equal(e.GetProperty("document").GetString(), columns["document"].GetValue(i));
            Assert.Equal(e.GetProperty("index").GetInt32(), columns["index"].GetValue(i));
            Assert.Equal(e.GetProperty("start").GetInt64(), columns["start"].GetValue(i));
            Assert.Equal(e.GetProperty("text").GetString(), columns["text"].GetValue(i));
            string[] labels = e.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray();
            foreach (RhetoricTag t in RhetoricTags.All)
            {
                Assert.Equal(labels.Contains(t.Id()), columns[t.Id()].GetValue(i));
                Assert.Equal(e.GetProperty("scores").GetProperty(t.Id()).GetSingle(), columns[t.Id() + "_score"].GetValue(i));
            }
        }
    }

    // Analysts' tools (DuckDB, pandas, Spark) type a column NOT NULL when the file marks it required: no column is ever null.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_column_is_required(bool summary)
    {
        string output = Path.Combine(_dir, "required.parquet");
        var run = CliRunner.Run(RepositoryPaths.Root, ["score", "examples", "--format", "parquet", "--output", output, "--quiet", .. summary ? new[] { "--summary" } : []]);

        Assert.Equal(0, run.ExitCode);
        await using FileStream stream = File.OpenRead(output);
        await using ParquetReader reader = await ParquetReader.CreateAsync(stream);
        Assert.All(reader.Schema.GetDataFields(), f => Assert.False(f.IsNullable, f.Name));
    }

    [Fact]
    public async Task Summaries_have_counts_and_shares_per_document()
    {
        string output = Path.Combine(_dir, "summary.parquet");
        var run = CliRunner.Run(RepositoryPaths.Root, "score", "examples", "--summary", "--format", "parquet", "--output", output, "--quiet");

        Assert.Equal(0, run.ExitCode);
        Dictionary<string, Array> columns = await ReadAll(output);
        Assert.Equal(Directory.GetFiles(RepositoryPaths.Examples).Length, columns["document"].Length);
        var sentences = (int[])columns["sentences"];
        var human = (int[])columns["human_impact"];
        var share = (double[])columns["human_impact_share"];
        for (int i = 0; i < sentences.Length; i++)
        {
            Assert.Equal((double)human[i] / sentences[i], share[i], 1e-12);
        }
    }

    [Theory]
    [InlineData("-")]
    [InlineData("/dev/null")]
    public void Parquet_to_a_stream_or_device_is_refused_with_a_usage_error(string target)
    {
        var run = CliRunner.Run(RepositoryPaths.Root, "score", "examples", "--format", "parquet", "--output", target, "--quiet");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--output FILE", run.StdErr, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, Array>> ReadAll(string path)
    {
        await using FileStream stream = File.OpenRead(path);
        await using ParquetReader reader = await ParquetReader.CreateAsync(stream);
        DataField[] fields = reader.Schema.GetDataFields();
        var columns = fields.ToDictionary(f => f.Name, f => new List<object?>());
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
            int rows = (int)group.RowCount;
            foreach (DataField f in fields)
            {
                columns[f.Name].AddRange(TypeOf(f) == typeof(string) ? await ReadStrings(group, f, rows)
                    : f.ClrType == typeof(int) ? (await Read<int>(group, f, rows)).Cast<object?>()
                    : f.ClrType == typeof(long) ? (await Read<long>(group, f, rows)).Cast<object?>()
                    : f.ClrType == typeof(bool) ? (await Read<bool>(group, f, rows)).Cast<object?>()
                    : f.ClrType == typeof(float) ? (await Read<float>(group, f, rows)).Cast<object?>()
                    : (await Read<double>(group, f, rows)).Cast<object?>());
            }
        }

        return fields.ToDictionary(f => f.Name, f =>
        {
            Array a = Array.CreateInstance(TypeOf(f), columns[f.Name].Count);
            for (int i = 0; i < a.Length; i++)
            {
                a.SetValue(columns[f.Name][i], i);
            }

            return a;
        });
    }

    private static async Task<T[]> Read<T>(ParquetRowGroupReader group, DataField field, int rows) where T : struct
    {
        var values = new T[rows];
        await group.ReadAsync<T>(field, values.AsMemory());
        return values;
    }

    // Parquet.Net reports string columns as ReadOnlyMemory<char>; they read as strings.
    private static Type TypeOf(DataField f) => f.ClrType == typeof(ReadOnlyMemory<char>) ? typeof(string) : f.ClrType;

    private static async Task<string?[]> ReadStrings(ParquetRowGroupReader group, DataField field, int rows)
    {
        var values = new string?[rows];
        await group.ReadAsync(field, values.AsMemory());
        return values;
    }
}
