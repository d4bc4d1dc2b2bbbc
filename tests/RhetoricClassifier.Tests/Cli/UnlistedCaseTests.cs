using System.Diagnostics;

namespace RhetoricClassifier.Tests.Cli;

/// <summary>Hostile cases found after issue 12's list: closed standard streams, and <c>explain --file</c> on what <c>score</c> reads.</summary>
public sealed class UnlistedCaseTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rhetoric-unlisted-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Runs rhetoric under bash so that a standard stream can be closed before it starts (what Process cannot do).
    private (int ExitCode, string StdOut, string StdErr) RunInShell(string redirections, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "rhetoric.dll");
        var psi = new ProcessStartInfo("bash")
        {
            WorkingDirectory = _dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"exec dotnet \"$0\" \"$@\" {redirections}");
        psi.ArgumentList.Add(dll);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"rhetoric {string.Join(' ', args)} {redirections} did not finish within two minutes");
        }

        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Standard_input_closed_at_start_is_an_error_not_a_wait_for_ever()
    {
        var r = RunInShell("<&-", "score", "-");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("-: standard input is closed", r.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nonexistent.txt", 2)] // the error message cannot be written: still exit 2, not a crash (was 134)
    [InlineData("in.txt", 0)]
    public void Standard_error_closed_at_start_keeps_the_exit_code(string input, int exitCode)
    {
        File.WriteAllText(Path.Combine(_dir, "in.txt"), "We are cutting 300 jobs.");

        var r = RunInShell("2>&-", "score", input);

        Assert.Equal(exitCode, r.ExitCode);
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("table")]
    public void Standard_output_closed_at_start_is_named_in_the_error(string format)
    {
        File.WriteAllText(Path.Combine(_dir, "in.txt"), "We are cutting 300 jobs.");

        var r = RunInShell(">&-", "score", "in.txt", "--format", format);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("standard output: cannot write the output: Bad file descriptor", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_file_skips_a_binary_file_instead_of_reading_it_whole()
    {
        // Was File.ReadAllText: /dev/zero ran out of memory (exit 1).
        var r = RunInShell("", "explain", "--file", "/dev/zero");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("/dev/zero: skipped: binary file", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_file_reads_web_pages_as_score_does_and_refuses_a_folder()
    {
        File.WriteAllText(Path.Combine(_dir, "p.html"), "<html><body><nav>Home</nav><p>We are cutting 300 jobs.</p></body></html>");

        var page = CliRunner.Run(_dir, "explain", "--file", "p.html");
        var folder = CliRunner.Run(_dir, "explain", "--file", ".");

        Assert.Equal(0, page.ExitCode);
        Assert.Contains("We are cutting 300 jobs.", page.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("<p>", page.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("Home", page.StdOut, StringComparison.Ordinal);
        Assert.Equal(2, folder.ExitCode);
        Assert.Contains(".: --file names a folder", folder.StdErr, StringComparison.Ordinal);
    }
}
