using System.Diagnostics;
using System.Text;
using System.Text.Json;
using RhetoricClassifier.Cli.Input;
using RhetoricClassifier.Segmentation;

namespace RhetoricClassifier.Tests.Cli;

public sealed partial class HostileInputTests : IDisposable
{
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    private readonly string _dir = Directory.CreateTempSubdirectory("rhetoric-hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<JsonElement> Records(string jsonl)
        => jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public void Binary_files_are_skipped_with_a_warning_and_the_rest_is_scored()
    {
        File.WriteAllBytes(Path.Combine(_dir, "blob.txt"), [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x41, 0x42]);
        File.WriteAllText(Path.Combine(_dir, "ok.txt"), "We are cutting 300 jobs.");
        var r = CliRunner.Run(_dir, "score", ".", "--quiet");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("blob.txt: skipped: binary file", r.StdErr);
        var rec = Assert.Single(Records(r.StdOut));
        Assert.EndsWith("ok.txt", rec.GetProperty("document").GetString());
    }

    [Fact]
    public void Invalid_utf8_is_replaced_and_reported()
    {
        File.WriteAllBytes(Path.Combine(_dir, "bad.txt"), [.. "Capex rose "u8.ToArray(), 0xC3, 0x28, .. " to $2 billion."u8.ToArray()]);
        var r = CliRunner.Run(_dir, "score", "bad.txt");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("bad.txt: invalid UTF-8 at byte 11", r.StdErr);
        Assert.Contains("\uFFFD", Assert.Single(Records(r.StdOut)).GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    [InlineData("utf-8-bom")]
    public void Byte_order_marks_select_the_encoding_and_offsets_count_characters_after_the_mark(string encoding)
    {
        Encoding enc = encoding switch
        {
            "utf-16le" => new UnicodeEncoding(false, true),
            "utf-16be" => new UnicodeEncoding(true, true),
            _ => new UTF8Encoding(true),
        };
        const string text = "Zürich bank cuts 200 jobs. Café chain’s margins fell.";
        File.WriteAllBytes(Path.Combine(_dir, "t.txt"), [.. enc.GetPreamble(), .. enc.GetBytes(text)]);
        var r = CliRunner.Run(_dir, "score", "t.txt");
        Assert.Equal(0, r.ExitCode);
        var records = Records(r.StdOut);
        Assert.Equal(2, records.Count);
        Assert.All(records, x => Assert.Equal(text.Substring(x.GetProperty("start").GetInt32(), x.GetProperty("length").GetInt32()), x.GetProperty("text").GetString()));
    }

    [Fact]
    public void Windows_line_endings_lone_carriage_returns_control_characters_and_mixed_scripts_are_scored()
    {
        const string text = "Headline one\r\nHeadline two\rBody \u0007text 😀 中文 עברית.\r\n\r\n𝐀𝐈 𝐜𝐮𝐭𝐬 𝐣𝐨𝐛𝐬";
        File.WriteAllText(Path.Combine(_dir, "t.txt"), text);
        var r = CliRunner.Run(_dir, "score", "t.txt");
        Assert.Equal(0, r.ExitCode);
        var records = Records(r.StdOut);
        Assert.Equal(["Headline one", "Headline two", "Body \u0007text 😀 中文 עברית.", "𝐀𝐈 𝐜𝐮𝐭𝐬 𝐣𝐨𝐛𝐬"], records.Select(x => x.GetProperty("text").GetString()));
    }

    [Fact]
    public void Empty_and_white_space_only_files_give_no_sentences_and_no_error()
    {
        File.WriteAllText(Path.Combine(_dir, "empty.txt"), "");
        File.WriteAllText(Path.Combine(_dir, "blank.md"), " \n\t\r\n ");
        var r = CliRunner.Run(_dir, "score", "empty.txt", "blank.md");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.StdOut);
    }

    [Fact]
    public void A_symlink_loop_inside_a_folder_does_not_hang_the_walk()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "docs"));
        File.WriteAllText(Path.Combine(_dir, "docs", "a.txt"), "Capex rose.");
        Directory.CreateSymbolicLink(Path.Combine(_dir, "docs", "loop"), Path.Combine(_dir, "docs"));
        var r = CliRunner.Run(_dir, "score", "docs");
        Assert.Equal(0, r.ExitCode);
        Assert.Single(Records(r.StdOut));
    }

    [Fact]
    public void Large_files_read_in_parts_give_exactly_the_sentences_of_a_whole_read()
    {
        var sb = new StringBuilder();
        string[] pieces = ["Acme Inc. said it would cut 1,200 jobs. ", "Capex rose to $3.5 billion!\n", "Headline without stop\n\n", new string('x', 1500) + " ", "“Quoted.” He said. "];
        for (int i = 0; sb.Length < 300_000; i++)
        {
            sb.Append(pieces[i % pieces.Length]);
        }

        string text = sb.ToString();
        string path = Path.Combine(_dir, "big.txt");
        File.WriteAllText(path, text);
        var whole = new List<SentenceSpan>();
        RuleBasedSegmenter.Default.Segment(text, whole);

        var parts = TextFileReader.ReadParts(path, blockChars: 7_000, default).ToList();
        Assert.True(parts.Count > 10);
        var fromParts = parts.SelectMany(p =>
        {
            var info = TextFileReader.PartOf(p) ?? throw new InvalidOperationException("part without offset");
            var spans = new List<SentenceSpan>();
            RuleBasedSegmenter.Default.Segment(p.Text, spans);
            return spans.Select(s => new SentenceSpan((int)info.Offset + s.Start, s.Length));
        }).ToList();
        Assert.Equal(whole, fromParts);
    }

    [Fact]
    public async Task Sigterm_stops_scoring_with_exit_130_and_leaves_no_output_file()
    {
        // Standard input stays open, so the run cannot end on its own: the signal always arrives mid-run, however fast
        // scoring is (a 400,000-record file once finished inside the two seconds this test waited).
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _dir, RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true,
        };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "rhetoric.dll"), "score", "-", "--format", "jsonl", "--output", "out.jsonl", "--quiet" })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        try
        {
            Task<string> stderr = p.StandardError.ReadToEndAsync();
            var clock = Stopwatch.StartNew();

            // Feed it until scoring has written part of the output to its temporary file, then interrupt it. (The output of
            // batches already scored is written when the next input arrives, so the input keeps coming until then.)
            for (int i = 0; !Directory.EnumerateFiles(_dir, "*.tmp", new EnumerationOptions { AttributesToSkip = 0 }).Any(f => new FileInfo(f).Length > 0); i++)
            {
                if (p.HasExited)
                {
                    Assert.Fail($"scoring stopped after {clock.Elapsed}: {await stderr}"); // awaited only here: stderr ends when the child does
                }

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "no output after a minute");
                for (int j = 0; j < 1000; j++)
                {
                    await p.StandardInput.WriteLineAsync($"We are cutting {i}{j} jobs to fund data centers. Margins fell.");
                }

                await p.StandardInput.FlushAsync();
                await Task.Delay(20);
            }

            Assert.True(SendSignal(p.Id, 15) == 0, $"kill failed after {clock.Elapsed}"); // SIGTERM
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await p.WaitForExitAsync(timeout.Token);
            Assert.Equal(130, p.ExitCode);
            Assert.Contains("interrupted", await stderr);
            Assert.False(File.Exists(Path.Combine(_dir, "out.jsonl")));
            Assert.DoesNotContain(Directory.EnumerateFiles(_dir, "*", new EnumerationOptions { AttributesToSkip = 0 }), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        }
        finally
        {
            if (!p.HasExited)
            {
                p.Kill(); // a failed assertion must not leave the child waiting on its input
            }
        }
    }
}
