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
    /// fail and abort the process. Either runtime may already have put a file of its own on a free number by the time
    /// this runs (the managed one its pipes, a Native AOT one /dev/urandom); such a descriptor is close-on-exec, which an
    /// inherited one never is, and a standard input found so is reported closed (<see cref="StandardInputWasClosed"/>).
    /// Call first thing. Linux only.
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
                // Open, but perhaps by the runtime itself, which took the free number before this ran.
                s_stdinClosedAtStart |= fd == 0 && IsCloseOnExec(fd);
                continue;
            }

            // The lowest free number: this one, as those below it are taken. Kept open for the life of the process.
            SafeFileHandle standIn = File.OpenHandle("/dev/null", FileMode.Open, fd == 0 ? FileAccess.Write : FileAccess.Read);
            if (standIn.DangerousGetHandle() == fd)
            {
                s_standIns.Add(standIn);
                s_stdinClosedAtStart |= fd == 0;
            }
            else
            {
                standIn.Dispose();
            }
        }
    }

    private static readonly List<SafeFileHandle> s_standIns = [];
    private static bool s_stdinClosedAtStart;

    /// <summary>
    /// True when standard input was closed when the process started. Under the managed runtime, the runtime then
    /// opens one of its own pipes as descriptor 0, and that pipe's write end belongs to this very process: reading it
    /// would wait for ever (and take the bytes the runtime's signal handling needs); a Native AOT process finds the
    /// stand-in of <see cref="ReserveClosedDescriptors"/> there. Linux only; elsewhere false.
    /// </summary>
    public static bool StandardInputWasClosed()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        if (s_stdinClosedAtStart)
        {
            return true;
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
        string octal = Flags(fd);
        return octal.Length > 0 && octal[^1] is >= '0' and <= '7' && ((octal[^1] - '0') & 3) is 1 or 2;
    }

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

    // O_CLOEXEC is 02000000: the seventh octal digit from the right.
    private static bool IsCloseOnExec(int fd)
    {
        try
        {
            string octal = Flags(fd.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return octal.Length >= 7 && octal[^7] is >= '0' and <= '7' && ((octal[^7] - '0') & 2) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Flags(string fd)
    {
        foreach (string line in File.ReadLines($"/proc/self/fdinfo/{fd}"))
        {
            if (line.StartsWith("flags:", StringComparison.Ordinal))
            {
                return line["flags:".Length..].Trim();
            }
        }

        return "";
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
