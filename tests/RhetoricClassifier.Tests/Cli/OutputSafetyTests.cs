using System.Diagnostics;
using System.Text.Json;

namespace RhetoricClassifier.Tests.Cli;

/// <summary>The output rules every command shares: never overwrite what is read, devices in place, pipes and signals.</summary>
public sealed partial class OutputSafetyTests : IDisposable
{
    private const string Input = "We are cutting 300 jobs as AI takes over routine work. Capex rose to $2 billion.";

    private readonly TempFolder _temp = new("rhetoric-output-");

    private string _dir => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static partial int MakeFifo(string path, int mode);

    private string Write(string name, string text) => _temp.Write(name, text);

    private string[] TempFiles() => Directory.EnumerateFiles(_dir, "*.tmp", new EnumerationOptions { AttributesToSkip = 0, RecurseSubdirectories = true }).ToArray();

    private string SmallData()
    {
        string path = Path.Combine(_dir, "data.jsonl");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "small.jsonl"), path);
        return path;
    }

    [Fact]
    public async Task A_file_output_larger_than_several_write_back_steps_arrives_whole_and_in_order()
    {
        // Every Writeback.Step bytes the output asks the kernel to start writing what it has so far (reading the file
        // handle flushes the stream's buffer); none of that may reorder, drop or repeat a byte.
        string path = Path.Combine(_dir, "big.jsonl");
        var expected = new MemoryStream();
        await using (var target = RhetoricClassifier.Cli.Output.OutputTarget.Open(path, []))
        {
            var random = new Random(7);
            for (int i = 0; expected.Length < (3 * RhetoricClassifier.Cli.Output.Writeback.Step) + 12345; i++)
            {
                byte[] chunk = new byte[random.Next(1, 300_000)];
                random.NextBytes(chunk);
                expected.Write(chunk);
                if (i % 2 == 0)
                {
                    target.Stream.Write(chunk);
                }
                else
                {
                    await target.Stream.WriteAsync(chunk);
                }
            }

            await target.CommitAsync();
        }

        Assert.True(File.ReadAllBytes(path).AsSpan().SequenceEqual(expected.ToArray()));
        Assert.Empty(TempFiles());
    }

    [Fact]
    public void Output_naming_an_input_through_a_symbolic_link_is_refused_and_the_input_is_untouched()
    {
        string input = Write("in.txt", Input);
        File.CreateSymbolicLink(Path.Combine(_dir, "link.txt"), "in.txt");
        var r = CliRunner.Run(_dir, "score", "link.txt", "--output", "in.txt");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("names one of the inputs", r.StdErr);
        Assert.Equal(Input, File.ReadAllText(input));

        r = CliRunner.Run(_dir, "score", "in.txt", "--output", "link.txt");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(Input, File.ReadAllText(input));
        Assert.Empty(TempFiles());
    }

    [Fact]
    public void Output_naming_an_input_through_a_hard_link_or_inside_an_input_folder_is_refused()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "docs"));
        string input = Write("docs/in.txt", Input);
        Assert.Equal(0, Link(input, Path.Combine(_dir, "hard.txt")));
        var r = CliRunner.Run(_dir, "score", "hard.txt", "--output", "docs/in.txt");
        Assert.Equal(2, r.ExitCode);
        r = CliRunner.Run(_dir, "score", "docs", "--output", "hard.txt");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("names one of the inputs", r.StdErr);
        Assert.Equal(Input, File.ReadAllText(input));
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "link", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);

    [Fact]
    public void Score_refuses_to_overwrite_its_model_and_train_its_data()
    {
        string data = SmallData();
        byte[] before = File.ReadAllBytes(data);
        var r = CliRunner.Run(_dir, "train", "--data", "data.jsonl", "--output", "data.jsonl", "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("names a data file", r.StdErr);
        Assert.Equal(before, File.ReadAllBytes(data));

        using (var stream = File.Create(Path.Combine(_dir, "m.zip")))
        {
            RhetoricModel.LoadDefault().Save(stream);
        }

        byte[] model = File.ReadAllBytes(Path.Combine(_dir, "m.zip"));
        Write("in.txt", Input);
        r = CliRunner.Run(_dir, "score", "in.txt", "--model", "m.zip", "--output", "m.zip");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("names the model", r.StdErr);
        Assert.Equal(model, File.ReadAllBytes(Path.Combine(_dir, "m.zip")));
    }

    [Theory]
    [InlineData("", "needs a file name")]
    [InlineData(" ", "needs a file name")]
    [InlineData("missing/out.jsonl", "does not exist")]
    [InlineData(".", "names a folder")]
    public void A_bad_output_name_is_a_usage_error_before_any_work(string output, string message)
    {
        Write("in.txt", Input);
        var r = CliRunner.Run(_dir, "score", "in.txt", "--output", output);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.StdErr);
        Assert.Equal("", r.StdOut);
    }

    [Fact]
    public void Train_checks_its_output_folder_before_reading_data_or_training()
    {
        SmallData();
        var r = CliRunner.Run(_dir, "train", "--data", "data.jsonl", "--output", "missing/m.zip");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("does not exist", r.StdErr);
        Assert.DoesNotContain("training on", r.StdErr);
    }

    [Fact]
    public void Devices_and_links_to_them_are_written_in_place_and_never_replaced()
    {
        Write("in.txt", Input);
        File.CreateSymbolicLink(Path.Combine(_dir, "null"), "/dev/null");
        var r = CliRunner.Run(_dir, "score", "in.txt", "--output", "/dev/null");
        Assert.Equal(0, r.ExitCode);
        r = CliRunner.Run(_dir, "score", "in.txt", "--output", "null");
        Assert.Equal(0, r.ExitCode);
        Assert.NotNull(new FileInfo(Path.Combine(_dir, "null")).LinkTarget);
        Assert.Empty(TempFiles());

        r = CliRunner.Run(_dir, "score", "in.txt", "--output", "/dev/stdout");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(2, r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void A_symbolic_link_as_output_is_kept_and_its_target_written()
    {
        Write("in.txt", Input);
        File.CreateSymbolicLink(Path.Combine(_dir, "out-link.jsonl"), "out.jsonl");
        var r = CliRunner.Run(_dir, "score", "in.txt", "--output", "out-link.jsonl");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("out.jsonl", new FileInfo(Path.Combine(_dir, "out-link.jsonl")).LinkTarget);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_dir, "out.jsonl")).Length);
    }

    [Fact]
    public async Task A_fifo_output_is_written_in_place()
    {
        Write("in.txt", Input);
        string fifo = Path.Combine(_dir, "out.fifo");
        Assert.Equal(0, MakeFifo(fifo, Convert.ToInt32("600", 8)));
        Task<string> reader = Task.Run(() => File.ReadAllText(fifo));
        var r = CliRunner.Run(_dir, "score", "in.txt", "--output", "out.fifo");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(2, (await reader).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Empty(TempFiles());
    }

    // `> file` hands every command of the group one shared file offset; each must write at it and move it on.
    [Theory]
    [InlineData("jsonl")]
    [InlineData("csv")]
    public void Runs_redirected_into_one_file_follow_each_other_without_overwriting(string format)
    {
        Write("a.txt", Input);
        Write("b.txt", "Morale is low after the layoffs.");
        string rhetoric = $"dotnet '{Path.Combine(AppContext.BaseDirectory, "rhetoric.dll")}'";
        var psi = new ProcessStartInfo("/bin/sh") { WorkingDirectory = _dir, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"(echo first; {rhetoric} score a.txt -f {format} -q; {rhetoric} score b.txt --summary -f {format} -q; echo last) > all.txt");
        using (Process p = Process.Start(psi)!)
        {
            string stderr = p.StandardError.ReadToEnd();
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), "did not finish");
            Assert.True(p.ExitCode == 0, stderr);
        }

        string[] lines = File.ReadAllLines(Path.Combine(_dir, "all.txt"));
        string[] expected =
        [
            "first",
            .. CliRunner.Run(_dir, "score", "a.txt", "-f", format).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            .. CliRunner.Run(_dir, "score", "b.txt", "--summary", "-f", format).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            "last",
        ];
        Assert.Equal(expected, lines);
    }

    [Fact]
    public void Output_names_at_the_file_name_length_limit_work()
    {
        Write("in.txt", Input);
        string name = new string('n', 255 - ".jsonl".Length) + ".jsonl";
        var r = CliRunner.Run(_dir, "score", "in.txt", "--output", name);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_dir, name)).Length);
    }

    private string ManyRecords(int count)
    {
        string input = Path.Combine(_dir, "many.jsonl");
        using var w = new StreamWriter(input);
        for (int i = 0; i < count; i++)
        {
            w.WriteLine(JsonSerializer.Serialize(new { id = $"r{i}", text = $"We are cutting {i} jobs to fund data centers. Margins fell." }));
        }

        return input;
    }

    private static Process Start(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "rhetoric.dll"));
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return Process.Start(psi)!;
    }

    // Starts a run, sends it the signal once its temporary output exists, and waits for it to end.
    private async Task<(int ExitCode, string StdErr)> InterruptOnceTheOutputIsOpenAsync(int signal, params string[] args)
    {
        using Process p = Start(_dir, args);
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        for (int i = 0; i < 600 && TempFiles().Length == 0 && !p.HasExited; i++)
        {
            await Task.Delay(100);
        }

        Assert.False(p.HasExited, "exited before it could be interrupted");
        Assert.Equal(0, SendSignal(p.Id, signal));
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await p.WaitForExitAsync(guard.Token);
        return (p.ExitCode, await stderr);
    }

    // Starts scoring 300,000 records to standard output and returns once the first record has arrived.
    private async Task<(Process Process, Task<string> StdErr)> ScoreManyToStandardOutputAsync()
    {
        ManyRecords(300_000);
        Process p = Start(_dir, "score", "many.jsonl", "--quiet");
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        Assert.NotNull(await p.StandardOutput.ReadLineAsync());
        return (p, stderr);
    }

    [Fact]
    public async Task A_reader_that_goes_away_stops_the_run_with_exit_141()
    {
        (Process started, Task<string> stderr) = await ScoreManyToStandardOutputAsync();
        using Process p = started;
        p.StandardOutput.Close();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await p.WaitForExitAsync(guard.Token);
        Assert.Equal(141, p.ExitCode);
        Assert.DoesNotContain("unexpected", await stderr);
    }

    [Theory]
    [InlineData(1)] // SIGHUP
    [InlineData(2)] // SIGINT
    [InlineData(15)] // SIGTERM
    public async Task Interrupted_while_blocked_opening_a_fifo_with_no_writer_exits_130_and_leaves_no_temporary_file(int signal)
    {
        string fifo = Path.Combine(_dir, "in.txt");
        Assert.Equal(0, MakeFifo(fifo, Convert.ToInt32("600", 8)));
        // Once the run has opened its output, it is blocked on the FIFO.
        (int exitCode, string stderr) = await InterruptOnceTheOutputIsOpenAsync(signal, "score", "in.txt", "--output", "out.jsonl", "--quiet");
        Assert.Equal(130, exitCode);
        Assert.Contains("interrupted; no output was written", stderr);
        Assert.Empty(TempFiles());
        Assert.False(File.Exists(Path.Combine(_dir, "out.jsonl")));
    }

    // Ctrl+C reaches our handler, not System.CommandLine's (which is switched off): the run stops with 130 and
    // the temporary output goes with it.
    [Theory]
    [InlineData(2)] // SIGINT
    [InlineData(15)] // SIGTERM
    public async Task Interrupted_while_scoring_into_a_file_exits_130_and_leaves_neither_output_nor_temporary_file(int signal)
    {
        ManyRecords(300_000);
        (int exitCode, string stderr) = await InterruptOnceTheOutputIsOpenAsync(signal, "score", "many.jsonl", "--output", "out.jsonl", "--quiet");
        Assert.True(exitCode == 130, $"exit {exitCode}: {stderr}");
        Assert.Contains("rhetoric: interrupted", stderr, StringComparison.Ordinal);
        Assert.Empty(TempFiles());
        Assert.False(File.Exists(Path.Combine(_dir, "out.jsonl")));
    }

    [Fact]
    public async Task Sigterm_during_training_exits_130_with_no_model_and_no_temporary_file()
    {
        string data = SmallData();
        File.WriteAllText(Path.Combine(_dir, "m.zip"), "the previous model");
        using Process p = Start(_dir, "train", "--data", data, "--output", "m.zip", "--trees", "2000");
        // Wait until cross-validation is under way: the run is then inside a FastTree fit.
        string? line;
        while ((line = await p.StandardError.ReadLineAsync()) is not null && !line.Contains("cross-validation fold 1/", StringComparison.Ordinal))
        {
        }

        Assert.NotNull(line);
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        await Task.Delay(1000); // featurising 70 sentences takes milliseconds: the signal comes during the threaded fits
        Assert.Equal(0, SendSignal(p.Id, 15));
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await p.WaitForExitAsync(guard.Token);
        Assert.Equal(130, p.ExitCode);
        Assert.Contains("interrupted; no output was written", await stderr);
        Assert.Empty(TempFiles());
        Assert.Equal("the previous model", File.ReadAllText(Path.Combine(_dir, "m.zip")));
    }

    [Fact]
    public async Task Interrupted_after_writing_to_standard_output_does_not_claim_nothing_was_written()
    {
        (Process started, Task<string> stderr) = await ScoreManyToStandardOutputAsync();
        using Process p = started;
        Task drain = p.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        Assert.Equal(0, SendSignal(p.Id, 1));
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await p.WaitForExitAsync(guard.Token);
        await drain;
        string err = await stderr;
        Assert.True(p.ExitCode == 130, $"exit {p.ExitCode}: {err}");
        Assert.DoesNotContain("no output was written", err);
        Assert.Contains("the output is incomplete", err);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\") cut jobs.", "'=HYPERLINK")]
    [InlineData("+1 cut jobs.", "'+1")]
    [InlineData("-2 cut jobs.", "'-2")]
    [InlineData("@SUM(A1) cut jobs.", "'@SUM")]
    [InlineData("We cut jobs.", "We cut")]
    public void Csv_cells_a_spreadsheet_would_run_as_formulas_are_neutralised_unless_csv_raw(string sentence, string cellStart)
    {
        File.WriteAllText(Path.Combine(_dir, "in.jsonl"), JsonSerializer.Serialize(new { id = "=cmd|' /C calc'!A0", text = sentence }) + "\n");
        var r = CliRunner.Run(_dir, "score", "in.jsonl", "--format", "csv", "--no-split");
        Assert.Equal(0, r.ExitCode);
        string row = r.StdOut.Split('\n')[1];
        Assert.StartsWith("'=cmd|", row);
        Assert.Contains("," + cellStart, row.Replace("\"", "", StringComparison.Ordinal));

        r = CliRunner.Run(_dir, "score", "in.jsonl", "--format", "csv", "--no-split", "--csv-raw");
        Assert.StartsWith("=cmd|", r.StdOut.Split('\n')[1]);
    }

    [Fact]
    public void A_document_with_a_null_id_or_text_is_refused_where_it_is_made()
    {
        Assert.Equal("Id", Assert.Throws<ArgumentNullException>(() => new TextDocument(null!, "x")).ParamName);
        Assert.Equal("Text", Assert.Throws<ArgumentNullException>(() => new TextDocument("a", null!)).ParamName);
        Assert.Throws<ArgumentNullException>(() => new TextDocument("a", "x") with { Text = null! });
    }
}
