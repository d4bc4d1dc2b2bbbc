using System.Text.Json;
using RhetoricClassifier.Cli.Input;

namespace RhetoricClassifier.Tests.Cli;

public sealed class ShardTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rhetoric-shard-").FullName;

    public ShardTests()
    {
        // 24 small documents in nested folders, and a .jsonl file of 30 records.
        string[] sentences = File.ReadLines(Path.Combine(RepositoryPaths.TrainingData, "test.jsonl")).Take(90)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToArray();
        for (int i = 0; i < 24; i++)
        {
            string path = Path.Combine(_dir, "docs", $"group{i % 3}", $"doc{i:D2}.txt");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, string.Join(' ', sentences.Skip(i * 2).Take(2)));
        }

        File.WriteAllLines(Path.Combine(_dir, "records.jsonl"),
            sentences.Skip(50).Take(30).Select((t, i) => JsonSerializer.Serialize(new { id = $"r{i}", text = t })));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("jsonl", false)]
    [InlineData("jsonl", true)]
    [InlineData("csv", false)]
    [InlineData("csv", true)]
    public void Shards_are_disjoint_and_together_equal_the_unsharded_run(string format, bool summary)
    {
        string[] common = ["score", "docs", "records.jsonl", "--format", format, "--quiet", .. summary ? new[] { "--summary" } : []];
        List<string> whole = Lines(CliRunner.Run(_dir, common), format);
        var shards = Enumerable.Range(0, 3).Select(i => Lines(CliRunner.Run(_dir, [.. common, "--shard", $"{i}/3"]), format)).ToList();

        Assert.All(shards, s => Assert.NotEmpty(s));
        Assert.Equal(whole.Order(StringComparer.Ordinal), shards.SelectMany(s => s).Order(StringComparer.Ordinal));
        // Disjoint by document: no document appears in two shards.
        var documentsPerShard = shards.Select(s => s.Select(DocumentOf).ToHashSet()).ToList();
        for (int a = 0; a < 3; a++)
        {
            for (int b = a + 1; b < 3; b++)
            {
                Assert.Empty(documentsPerShard[a].Intersect(documentsPerShard[b]));
            }
        }
    }

    [Fact]
    public void A_shard_does_not_depend_on_where_the_folder_is()
    {
        string moved = Path.Combine(_dir, "elsewhere", "deeper");
        Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
        CopyFolder(Path.Combine(_dir, "docs"), moved);

        var here = CliRunner.Run(_dir, "score", "docs", "--summary", "--shard", "1/4", "--quiet");
        var there = CliRunner.Run(_dir, "score", Path.Combine("elsewhere", "deeper"), "--summary", "--shard", "1/4", "--quiet");

        Assert.Equal(0, here.ExitCode);
        Assert.Equal(Names(here.StdOut), Names(there.StdOut));
    }

    [Theory]
    [InlineData("3/3")]
    [InlineData("-1/3")]
    [InlineData("1/0")]
    [InlineData("a/b")]
    [InlineData("1")]
    [InlineData("1/2/3")]
    public void A_bad_shard_is_a_usage_error_that_shows_the_form(string shard)
    {
        var r = CliRunner.Run(_dir, "score", "docs", "--shard", shard);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--shard", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("INDEX/COUNT", r.StdErr, StringComparison.Ordinal);
        Assert.Equal("", r.StdOut);
    }

    [Fact]
    public void The_hash_is_stable_across_processes_and_versions()
    {
        // Pinned value, computed independently (SHA-256, first 8 bytes little-endian, modulo 3, in Python): changing
        // the hash would silently reshuffle every user's shards between versions.
        Assert.Equal([true, false, false], Enumerable.Range(0, 3).Select(i => new Shard(i, 3).Contains("press/2024/q3-release.txt")));
        int[] counts = new int[4];
        for (int i = 0; i < 4000; i++)
        {
            counts[Enumerable.Range(0, 4).Single(s => new Shard(s, 4).Contains($"doc-{i}"))]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 850, 1150));
    }

    private static List<string> Lines(CliRunner.Result r, string format)
    {
        Assert.Equal(0, r.ExitCode);
        var lines = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        return format == "csv" ? lines.Skip(1).ToList() : lines; // one header per output
    }

    private static string DocumentOf(string line)
        => line.StartsWith('{') ? JsonDocument.Parse(line).RootElement.GetProperty("document").GetString()! : line.Split(',')[0];

    private static List<string> Names(string jsonl)
        => jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Path.GetFileName(JsonDocument.Parse(l).RootElement.GetProperty("document").GetString()!)).ToList();

    private static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
