using System.Diagnostics;

namespace RhetoricClassifier.Tests.Cli;

/// <summary>
/// A full disk or a read-only folder under <c>--output</c>: exit 2 with a message naming the output, the temporary
/// file removed, and the file that was there before left as it was, for every command that writes files.
/// </summary>
/// <remarks>
/// The small or read-only file system is a tmpfs mounted inside a user and mount namespace (<c>unshare -rm</c>):
/// that needs no privilege, works the same for root (as CI runs) and for anyone else (where root would ignore
/// permission bits and <c>chattr</c> needs root), and vanishes with the process.
/// </remarks>
public sealed class FullDiskAndReadOnlyTests : IDisposable
{
    private readonly TempFolder _temp = new("rhetoric-disk-");

    public FullDiskAndReadOnlyTests()
    {
        // About 45 KB of text: more than the 16 KB file system holds, as text, as JSON Lines and as a model.
        _temp.Write("big.txt", string.Concat(Enumerable.Range(0, 1000).Select(i => $"We cut {i} jobs as AI took over. ")));
        File.Copy(SmallModelFixture.FixturePath("small.jsonl"), Path.Combine(_temp.Path, "data.jsonl"));
        Directory.CreateDirectory(Path.Combine(_temp.Path, "mnt"));
    }

    public void Dispose() => _temp.Dispose();

    // command, the file it writes inside mnt/, its arguments (mnt/ holding that file)
    private static readonly (string Command, string File, string[] Args)[] Writers =
    [
        ("score", "out.jsonl", ["score", "big.txt", "--output", "mnt/out.jsonl", "--quiet"]),
        ("score parquet", "out.parquet", ["score", "big.txt", "--format", "parquet", "--output", "mnt/out.parquet", "--quiet"]),
        ("extract", "big.txt.txt", ["extract", "big.txt", "--output", "mnt", "--quiet"]),
        ("train", "m.zip", ["train", "--data", "data.jsonl", "--output", "mnt/m.zip", "--folds", "3", "--trees", "20", "--quiet"]),
    ];

    // Each command on a full disk (found while writing) and in a read-only folder (found when the output is opened).
    public static TheoryData<string, bool, string, string[], string> Cases()
    {
        var data = new TheoryData<string, bool, string, string[], string>();
        foreach ((string command, string file, string[] args) in Writers)
        {
            data.Add(command, false, file, args, $"{file}: cannot write the output: No space left on device; nothing was written");
            data.Add(command, true, file, args, $"{file}: cannot write the output in ");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_full_disk_or_read_only_folder_exits_2_naming_the_output_and_keeps_the_previous_file(
        string command, bool readOnly, string file, string[] args, string message)
    {
        (int exit, string listing, string previous, string stderr) = RunOnTmpfs(readOnly, file, args);
        Assert.True(exit == 2, $"{command}: exit {exit}: {stderr}");
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Contains(readOnly ? "Read-only file system" : "a file already there is unchanged", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", stderr, StringComparison.Ordinal);
        Assert.Equal(file, listing); // the temporary file is gone
        Assert.Equal("the previous output", previous);
    }

    [Fact]
    public void Dev_full_as_the_output_exits_2_saying_the_output_is_incomplete()
    {
        var r = CliRunner.Run(_temp.Path, "score", "big.txt", "--output", "/dev/full", "--quiet");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("/dev/full: cannot write the output: No space left on device; what was written so far is incomplete", r.StdErr, StringComparison.Ordinal);
        Assert.True(File.Exists("/dev/full"));
    }

    // Mounts a 16 KB tmpfs on mnt/, puts "the previous output" in the file the command writes, makes the mount
    // read-only if asked, runs the command, and reports its exit code, what is left in mnt/ and that file's content.
    private (int Exit, string Listing, string Previous, string StdErr) RunOnTmpfs(bool readOnly, string file, string[] args)
    {
        string script = $"""
            mount -t tmpfs -o size=16k tmpfs mnt || exit 99
            printf 'the previous output' > "mnt/{file}"
            {(readOnly ? "mount -o remount,ro mnt || exit 98" : "")}
            dotnet "$0" "$@"
            echo "exit=$?"
            echo "listing=$(ls -A mnt | tr '\n' ' ')"
            echo "previous=$(cat "mnt/{file}")"
            """;
        var psi = new ProcessStartInfo("unshare") { WorkingDirectory = _temp.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in (string[])["-rm", "bash", "-c", script, Path.Combine(AppContext.BaseDirectory, "rhetoric.dll"), .. args])
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), "the command did not finish");
        Assert.True(p.ExitCode == 0, $"unshare/mount failed ({p.ExitCode}): {stderr.Result}");
        string Field(string name) => stdout.Split('\n').Single(l => l.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];
        return (int.Parse(Field("exit"), System.Globalization.CultureInfo.InvariantCulture), Field("listing").Trim(), Field("previous"), stderr.Result);
    }
}
