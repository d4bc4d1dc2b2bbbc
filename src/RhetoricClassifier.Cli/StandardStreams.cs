using System.Text;

namespace RhetoricClassifier.Cli;

/// <summary>
/// What a run does when it was started with a standard stream closed (<c>2&gt;&amp;-</c>, <c>&lt;&amp;-</c>) or
/// one fails later: messages are lost rather than the run crashing, and a closed standard input is an error
/// rather than a wait that never ends.
/// </summary>
internal static class StandardStreams
{
    /// <summary>
    /// Makes every write to standard error safe: once a write fails (closed, a full disk behind <c>2&gt;file</c>),
    /// messages are dropped, so the exit code the run has earned is the one it returns (an unhandled write
    /// failure in an error handler aborted the process with exit 134).
    /// </summary>
    public static void ProtectStandardError() => Console.SetError(new DroppingWriter(Console.Error));

    /// <summary>
    /// True when standard input was closed when the process started. The runtime then opens one of its own pipes
    /// as descriptor 0, and that pipe's write end belongs to this very process: reading it would wait for ever
    /// (and take the bytes the runtime's signal handling needs). Linux only; elsewhere false.
    /// </summary>
    public static bool StandardInputWasClosed()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            string? stdin = new FileInfo("/proc/self/fd/0").LinkTarget;
            if (stdin is null || !stdin.StartsWith("pipe:", StringComparison.Ordinal))
            {
                return false;
            }

            foreach (string fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
            {
                string number = Path.GetFileName(fd);
                if (number != "0" && new FileInfo(fd).LinkTarget == stdin && IsOpenForWriting(number))
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A descriptor closed while we looked, or no /proc: assume standard input is what it seems.
        }

        return false;
    }

    // /proc/self/fdinfo/N has "flags:\t<octal>"; the access mode is the low two bits (1 = O_WRONLY, 2 = O_RDWR).
    private static bool IsOpenForWriting(string fd)
    {
        foreach (string line in File.ReadLines($"/proc/self/fdinfo/{fd}"))
        {
            if (line.StartsWith("flags:", StringComparison.Ordinal))
            {
                string octal = line["flags:".Length..].Trim();
                return octal.Length > 0 && octal[^1] is >= '0' and <= '7' && ((octal[^1] - '0') & 3) is 1 or 2;
            }
        }

        return false;
    }

    // Passes writes on until one fails, then drops them all.
    private sealed class DroppingWriter(TextWriter inner) : TextWriter
    {
        private volatile bool _failed;

        public override Encoding Encoding => inner.Encoding;

        public override IFormatProvider FormatProvider => inner.FormatProvider;

        public override string NewLine
        {
            get => inner.NewLine;
#pragma warning disable CS8765 // the base property is declared [AllowNull]
            set => inner.NewLine = value;
#pragma warning restore CS8765
        }

        public override void Write(char value) => Guard(() => inner.Write(value));

        public override void Write(string? value) => Guard(() => inner.Write(value));

        public override void Write(char[] buffer, int index, int count) => Guard(() => inner.Write(buffer, index, count));

        public override void WriteLine(string? value) => Guard(() => inner.WriteLine(value));

        public override void WriteLine() => Guard(inner.WriteLine);

        public override void Flush() => Guard(inner.Flush);

        private void Guard(Action write)
        {
            if (_failed)
            {
                return;
            }

            try
            {
                write();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                _failed = true;
            }
        }
    }
}
