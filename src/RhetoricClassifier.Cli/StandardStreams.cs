using System.Text;
using Microsoft.Win32.SafeHandles;

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
    /// Gives each of descriptors 0, 1 and 2 that the process was started without (<c>&lt;&amp;-</c>, <c>&gt;&amp;-</c>,
    /// <c>2&gt;&amp;-</c>) a stand-in that fails every use: <c>/dev/null</c> opened for writing as standard input and for
    /// reading as standard output and error. Left free, the next file the process opens would take the number: a Native
    /// AOT process would then read that file as its input or write its output into it, and opening standard error would
    /// fail and abort the process. A number the runtime has already filled with a file of its own is left as it is (see
    /// <see cref="StandardInputWasClosed"/>). Call first thing. Linux only.
    /// </summary>
    public static void ReserveClosedDescriptors()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        for (int fd = 0; fd <= 2; fd++)
        {
            if (IsOpen(fd))
            {
                continue;
            }

            // The lowest free number: this one, as those below it are taken. Kept open for the life of the process.
            SafeFileHandle standIn = File.OpenHandle("/dev/null", FileMode.Open, fd == 0 ? FileAccess.Write : FileAccess.Read);
            if (standIn.DangerousGetHandle() == fd)
            {
                s_standIns.Add(standIn);
            }
            else
            {
                standIn.Dispose();
            }
        }
    }

    private static readonly List<SafeFileHandle> s_standIns = [];

    /// <summary>
    /// True when standard input was closed when the process started: descriptor 0 is closed, or open close-on-exec,
    /// which an inherited descriptor never is. Either runtime may have put a file of its own there before <c>Main</c>
    /// (the managed one a pipe whose write end this very process holds, so reading it would wait for ever; a Native AOT
    /// one /dev/urandom), and <see cref="ReserveClosedDescriptors"/> puts its stand-in there otherwise. Linux only;
    /// elsewhere false.
    /// </summary>
    public static bool StandardInputWasClosed() => OperatingSystem.IsLinux() && (!IsOpen(0) || IsCloseOnExec(0));

    // /proc/self/fd/N is a link to whatever descriptor N is open on (a file, "pipe:[...]", "socket:[...]"), or absent.
    private static bool IsOpen(int fd)
    {
        try
        {
            return new FileInfo($"/proc/self/fd/{fd}").LinkTarget is not null;
        }
        catch (IOException)
        {
            return false;
        }
    }

    // /proc/self/fdinfo/N has "flags:\t<octal>"; O_CLOEXEC is 02000000.
    private static bool IsCloseOnExec(int fd)
    {
        const int CloseOnExec = 0x80000;
        try
        {
            foreach (string line in File.ReadLines($"/proc/self/fdinfo/{fd}"))
            {
                if (line.StartsWith("flags:", StringComparison.Ordinal))
                {
                    return (Convert.ToInt32(line["flags:".Length..].Trim(), 8) & CloseOnExec) != 0;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            // Closed while we looked, or no /proc: take it as inherited.
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
