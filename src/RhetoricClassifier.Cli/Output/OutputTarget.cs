using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;

namespace RhetoricClassifier.Cli.Output;

/// <summary>
/// Where a command writes its result, checked before any work starts. Every command that writes a file
/// opens it through <see cref="Open"/>, so one set of rules holds everywhere:
/// <list type="bullet">
/// <item>the output may not be any file the command reads (input, data file, model), compared by device
/// and inode after following symbolic links, so links and hard links cannot sneak past the check;</item>
/// <item>a regular file is written under a short temporary name in the same folder and renamed over the
/// final name only by <see cref="CommitAsync"/> (a symbolic link is kept: its target is replaced), so a
/// failed or interrupted run leaves neither a half-written file nor a temporary file behind;</item>
/// <item>a character device, FIFO or socket (<c>/dev/null</c>, <c>/dev/stdout</c>, a named pipe) and
/// anything under <c>/dev</c> or <c>/proc</c> is written in place, never replaced by a regular file;</item>
/// <item>a broken pipe becomes <see cref="BrokenPipeException"/>, so the run stops at once.</item>
/// </list>
/// </summary>
internal sealed class OutputTarget : IAsyncDisposable
{
    // Temporary files not yet committed or deleted, for the signal watchdog to remove before a forced exit.
    private static readonly ConcurrentDictionary<string, byte> s_pendingTemps = new(StringComparer.Ordinal);
    private static long s_bytesWrittenInPlace;

    private readonly string? _final;
    private readonly string? _temp;
    private FileStream? _file;
    private string? _display;
    private bool _committed;

    private OutputTarget(Stream stream, string? final, string? temp)
    {
        Stream = stream;
        _final = final;
        _temp = temp;
    }

    /// <summary>Where the bytes go; write through this stream only.</summary>
    public Stream Stream { get; }

    /// <summary>Bytes handed to outputs no rename can take back (standard output, devices, FIFOs), at least partly written.</summary>
    public static long BytesWrittenInPlace => Interlocked.Read(ref s_bytesWrittenInPlace);

    /// <summary>
    /// Checks and opens the output. <paramref name="path"/> null or <c>-</c> is standard output.
    /// <paramref name="reads"/> are the files the command reads, each with what it is ("an input", "the model").
    /// </summary>
    public static OutputTarget Open(string? path, IEnumerable<(string Path, string Role)> reads)
    {
        if (path is null || path == "-")
        {
            return new OutputTarget(StandardOutput(), null, null);
        }

        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new UsageException($"--output needs a file name, not '{path.Replace("\0", "\\0", StringComparison.Ordinal)}'");
        }

        string full = Path.GetFullPath(path);
        FileIdentity? target = FileIdentity.Of(full);
        string canonical = FileIdentity.Canonical(full);
        foreach ((string read, string role) in reads)
        {
            FileIdentity? other = FileIdentity.Of(read);
            bool same = target is { } t && other is { } o
                ? t.Device == o.Device && t.Inode == o.Inode
                : string.Equals(canonical, FileIdentity.Canonical(read), StringComparison.Ordinal);
            if (same)
            {
                throw new UsageException($"{path}: --output names {role} ({read}); refusing to overwrite it");
            }
        }

        if (target?.Kind == FileIdentity.FileKind.Directory)
        {
            throw new UsageException($"{path}: --output names a folder, not a file");
        }

        if (target?.Kind == FileIdentity.FileKind.Special || IsSystemPath(full) || IsSystemPath(canonical))
        {
            return OpenInPlace(path, full);
        }

        string dir = Path.GetDirectoryName(canonical) ?? "/";
        if (!Directory.Exists(dir))
        {
            throw new UsageException($"{path}: the output folder {dir} does not exist");
        }

        // A short fixed-length name: "." + the user's name + a suffix could pass the 255-byte name limit.
        string temp = Path.Combine(dir, $".rhetoric-{Environment.ProcessId}-{Random.Shared.Next():x8}.tmp");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            s_pendingTemps[temp] = 0;
            return new OutputTarget(new GuardedStream(stream, path, inPlace: false), canonical, temp) { _file = stream, _display = path };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{path}: cannot write the output in {dir}: {OutputWriteException.Reason(e)}");
        }
    }

    /// <summary>Flushes and, for a file, renames the temporary file over the final name.</summary>
    public async Task CommitAsync()
    {
        await Stream.FlushAsync().ConfigureAwait(false);
        if (_temp is not null)
        {
            try
            {
                _file?.Flush(flushToDisk: true);
            }
            catch (IOException e)
            {
                throw new OutputWriteException(_display!, e);
            }

            await Stream.DisposeAsync().ConfigureAwait(false);
            File.Move(_temp, _final!, overwrite: true);
            s_pendingTemps.TryRemove(_temp, out _);
        }

        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_temp is null)
        {
            try
            {
                // Standard output is wrapped without owning file descriptor 1, so disposing only flushes it.
                await Stream.DisposeAsync().ConfigureAwait(false);
            }
            catch (BrokenPipeException)
            {
                // The reader has gone; nothing more can be delivered.
            }

            return;
        }

        try
        {
            await Stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException) when (!_committed)
        {
            // The run has already failed (a full disk fails the final flush too): the output is discarded anyway.
        }
        finally
        {
            if (!_committed)
            {
                DeleteTemp(_temp);
            }
        }
    }

    /// <summary>Removes every temporary file not yet committed: the last step before a forced exit.</summary>
    public static void DeleteAbandonedTemps()
    {
        foreach (string temp in s_pendingTemps.Keys)
        {
            DeleteTemp(temp);
        }
    }

    private static void DeleteTemp(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"rhetoric: warning: could not remove the temporary file {temp}: {e.Message}");
        }

        s_pendingTemps.TryRemove(temp, out _);
    }

    private static bool IsSystemPath(string full)
        => full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal);

    // Opened by the name given: links under /dev and /proc lead to names like "pipe:[1234]" that cannot be opened.
    private static OutputTarget OpenInPlace(string path, string full)
    {
        if (full is "/dev/stdout" or "/dev/fd/1" or "/proc/self/fd/1" || full == $"/proc/{Environment.ProcessId}/fd/1")
        {
            return new OutputTarget(StandardOutput(), null, null);
        }

        try
        {
            // Open, never create or truncate: a device or pipe is written as it is.
            var stream = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16);
            if (stream.CanSeek && stream.Length > 0)
            {
                stream.Seek(0, SeekOrigin.End);
            }

            return new OutputTarget(new GuardedStream(stream, path, inPlace: true), null, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{path}: cannot write the output: {e.Message}");
        }
    }

    // Console's own stream swallows EPIPE, so a reader that has gone would go unnoticed: write to a pipe or device
    // through fd 1 directly. A regular file (`> out.jsonl`) is written through Console's stream: a FileStream keeps
    // its own position and writes at it (pwrite), leaving the descriptor's shared offset where it was, so in
    // `(rhetoric score a; rhetoric score b) > all.jsonl` the second run, or a later echo, would write over the first.
    private static GuardedStream StandardOutput()
    {
        Stream inner;
        try
        {
            var fd1 = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, 1);
            if (fd1.CanSeek)
            {
                fd1.Dispose();
                inner = Console.OpenStandardOutput();
            }
            else
            {
                inner = fd1;
            }
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            inner = Console.OpenStandardOutput();
        }

        return new GuardedStream(inner, "standard output", inPlace: true);
    }

    /// <summary>
    /// Every byte of every output goes through here: counts bytes written in place (standard output, devices, FIFOs),
    /// turns EPIPE into <see cref="BrokenPipeException"/> and any other write failure (disk full, I/O error) into
    /// <see cref="OutputWriteException"/> naming the output the user gave, not the temporary file. Seeks are passed
    /// on for a temporary file (the Parquet writer needs them).
    /// </summary>
    private sealed class GuardedStream(Stream inner, string name, bool inPlace) : Stream
    {
        private const int Epipe = 32;

        private readonly Writeback? _writeback = !inPlace && inner is FileStream file ? new Writeback(file) : null;

        public override bool CanRead => false;

        public override bool CanSeek => !inPlace && inner.CanSeek;

        public override bool CanWrite => true;

        public override long Length => CanSeek ? inner.Length : throw new NotSupportedException();

        public override long Position
        {
            get => CanSeek ? inner.Position : throw new NotSupportedException();
            set => Seek(value, SeekOrigin.Begin);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        // Counted before the write: a write blocked on a full pipe may already have delivered part of it.
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Count(buffer.Length);
            try
            {
                inner.Write(buffer);
                _writeback?.Wrote(buffer.Length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Translate(e);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count(buffer.Length);
            try
            {
                await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
                _writeback?.Wrote(buffer.Length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Translate(e);
            }
        }

        public override void Flush()
        {
            try
            {
                inner.Flush();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Translate(e);
            }
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            try
            {
                await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Translate(e);
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        // A seek flushes the file's buffer: it can fail as a write does.
        public override long Seek(long offset, SeekOrigin origin)
        {
            if (!CanSeek)
            {
                throw new NotSupportedException();
            }

            try
            {
                return inner.Seek(offset, origin);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Translate(e);
            }
        }

        public override void SetLength(long value)
        {
            if (!CanSeek)
            {
                throw new NotSupportedException();
            }

            try
            {
                inner.SetLength(value);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Translate(e);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                try
                {
                    inner.Dispose();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw Translate(e);
                }
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            try
            {
                await inner.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Translate(e);
            }
            finally
            {
                await base.DisposeAsync().ConfigureAwait(false);
            }
        }

        private void Count(int bytes)
        {
            if (inPlace)
            {
                Interlocked.Add(ref s_bytesWrittenInPlace, bytes);
            }
        }

        // A descriptor that cannot be written (standard output closed at start: its number was reused for something
        // read-only) fails with EBADF, which .NET reports as UnauthorizedAccessException wrapping the IOException.
        private IOException Translate(Exception e) => e switch
        {
            BrokenPipeException or OutputWriteException => (IOException)e,
            UnauthorizedAccessException { InnerException: IOException io } => new OutputWriteException(name, io, inPlace),
            UnauthorizedAccessException => new OutputWriteException(name, new IOException(e.Message, e), inPlace),
            IOException io when io.HResult == Epipe || io.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase) => new BrokenPipeException(io),
            _ => new OutputWriteException(name, (IOException)e, inPlace),
        };
    }
}

/// <summary>
/// The output could not be written (disk full, read-only or failing device). The message names the output as the
/// user gave it and says what became of it: a file's temporary copy is removed and the previous file left as it was.
/// </summary>
internal sealed class OutputWriteException(string output, IOException inner, bool inPlace = false)
    : IOException($"{output}: cannot write the output: {Reason(inner)}; "
        + (inPlace ? "what was written so far is incomplete" : $"nothing was written to {output} (a file already there is unchanged)"), inner)
{
    // .NET appends " : 'path'" naming the temporary file, which means nothing to the user.
    internal static string Reason(Exception e)
    {
        int at = e.Message.IndexOf(" : '", StringComparison.Ordinal);
        return at > 0 ? e.Message[..at] : e.Message;
    }
}

/// <summary>The reader of standard output (or of an output pipe) has gone: stop quietly with exit code 141.</summary>
internal sealed class BrokenPipeException(Exception inner) : IOException("the reader of the output has gone (broken pipe)", inner);
