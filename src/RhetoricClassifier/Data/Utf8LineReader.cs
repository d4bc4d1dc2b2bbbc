using System.Text;
using System.Text.Unicode;

namespace RhetoricClassifier.Data;

/// <summary>
/// Reads lines of UTF-8 from a stream (seekable or not), decoding each line on its own so that invalid
/// UTF-8 is reported on the line that holds it, and never buffering more than <see cref="InputLimits.MaxRecordBytes"/>
/// of one line: a longer line is skipped to its end and reported. A UTF-8 byte-order mark is dropped;
/// UTF-16 (with a byte-order mark) is transcoded. Lines end at <c>\n</c>; a trailing <c>\r</c> is dropped.
/// </summary>
internal sealed class Utf8LineReader : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string _source;
    private readonly int _maxLineBytes;
    private readonly bool _leaveOpen;
    private Stream _stream;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _started;
    private bool _transcoded;

    public Utf8LineReader(Stream stream, string source, int maxLineBytes = InputLimits.MaxRecordBytes, bool leaveOpen = false)
    {
        _stream = stream;
        _source = source;
        _maxLineBytes = maxLineBytes;
        _leaveOpen = leaveOpen;
    }

    /// <summary>The 1-based number of the line last returned (or refused).</summary>
    public int LineNumber { get; private set; }

    /// <summary>The next line, or null at the end.</summary>
    /// <exception cref="DataFormatException">The line is too long or not valid UTF-8; it has been consumed, so reading may go on.</exception>
    public string? ReadLine()
    {
        // With sync: true every await inside completes synchronously.
        ValueTask<string?> pending = ReadLineAsync(sync: true, default);
        return pending.IsCompleted ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="ReadLine"/>
    public ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => ReadLineAsync(sync: false, cancellationToken);

    private async ValueTask<string?> ReadLineAsync(bool sync, CancellationToken cancellationToken)
        => await ReadLineUtf8Async(sync, cancellationToken).ConfigureAwait(false) ? Decode(_line.Span) : null;

    /// <summary>
    /// Moves to the next line and makes its bytes, checked to be valid UTF-8, the <see cref="Line"/>; false at the end.
    /// </summary>
    /// <exception cref="DataFormatException">As <see cref="ReadLine"/>.</exception>
    public ValueTask<bool> ReadLineUtf8Async(CancellationToken cancellationToken) => ReadLineUtf8Async(sync: false, cancellationToken);

    /// <summary>The UTF-8 bytes of the line last read by <see cref="ReadLineUtf8Async(CancellationToken)"/>, valid until the next read.</summary>
    public ReadOnlyMemory<byte> Line => _line;

    private ReadOnlyMemory<byte> _line;

    /// <summary>Decodes a line returned by <see cref="ReadLineUtf8Async(CancellationToken)"/> (already checked to be valid UTF-8).</summary>
    public static string Decode(ReadOnlySpan<byte> line) => Encoding.UTF8.GetString(line);

    private async ValueTask<bool> ReadLineUtf8Async(bool sync, CancellationToken cancellationToken)
    {
        if (!_started)
        {
            await StartAsync(sync, cancellationToken).ConfigureAwait(false);
        }

        int scanned = _start;
        while (true)
        {
            int nl = Array.IndexOf(_buffer, (byte)'\n', scanned, _end - scanned);
            if (nl >= 0)
            {
                Take(nl, nl + 1);
                return true;
            }

            if (_eof)
            {
                if (_start < _end)
                {
                    Take(_end, _end);
                    return true;
                }

                _line = default;
                return false;
            }

            if (_end - _start > _maxLineBytes)
            {
                await SkipRestOfLineAsync(sync, cancellationToken).ConfigureAwait(false);
                throw new DataFormatException(_source, LineNumber,
                    $"the record is longer than {_maxLineBytes / (1 << 20)} MiB, the limit for one line (split the text into several records, or score it as a text file)");
            }

            // Only the newly read bytes need scanning; compaction moves the line to the buffer's start.
            int scannedPastStart = _end - _start;
            await FillAsync(sync, cancellationToken).ConfigureAwait(false);
            scanned = _start + scannedPastStart;
        }
    }

    private void Take(int lineEnd, int next)
    {
        LineNumber++;
        int start = _start;
        _start = next;
        int length = lineEnd - start;
        if (length > 0 && _buffer[start + length - 1] == '\r')
        {
            length--;
        }

        if (length > _maxLineBytes)
        {
            throw new DataFormatException(_source, LineNumber, $"the record is longer than {_maxLineBytes / (1 << 20)} MiB, the limit for one line");
        }

        _line = _buffer.AsMemory(start, length);
        if (!Utf8.IsValid(_line.Span))
        {
            try
            {
                _ = StrictUtf8.GetString(_buffer, start, length);
            }
            catch (DecoderFallbackException e)
            {
                throw new DataFormatException(_source, LineNumber, $"invalid UTF-8 at byte {e.Index + 1} of the line");
            }
        }
    }

    // Reads more bytes after those buffered, compacting or growing the buffer (never past the line limit).
    private async ValueTask FillAsync(bool sync, CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, _maxLineBytes + 2L));
        }

        cancellationToken.ThrowIfCancellationRequested();
        int n = sync
            ? _stream.Read(_buffer, _end, _buffer.Length - _end)
            : await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _eof = n == 0;
        _end += n;
    }

    private async ValueTask SkipRestOfLineAsync(bool sync, CancellationToken cancellationToken)
    {
        LineNumber++;
        _start = _end = 0;
        while (!_eof)
        {
            await FillAsync(sync, cancellationToken).ConfigureAwait(false);
            int nl = Array.IndexOf(_buffer, (byte)'\n', 0, _end);
            if (nl >= 0)
            {
                _start = nl + 1;
                return;
            }

            _end = 0;
        }
    }

    private async ValueTask StartAsync(bool sync, CancellationToken cancellationToken)
    {
        _started = true;
        while (_end < ByteOrderMark.MaxLength && !_eof)
        {
            await FillAsync(sync, cancellationToken).ConfigureAwait(false);
        }

        var bom = ByteOrderMark.Detect(_buffer.AsSpan(0, _end));
        if (bom is { Encoding: UTF8Encoding })
        {
            _start = bom.Value.Length;
        }
        else if (bom is var (encoding, length))
        {
            // Rare (UTF-16, UTF-32): re-read the buffered head and the rest through a transcoder to UTF-8.
            var rest = new PrefixedStream(_buffer.AsSpan(length, _end - length).ToArray(), _stream);
            _stream = Encoding.CreateTranscodingStream(rest, encoding, Encoding.UTF8, leaveOpen: _leaveOpen);
            _transcoded = true;
            _start = _end = 0;
            _eof = false;
        }
    }

    public void Dispose()
    {
        // A transcoder was made with the same leaveOpen, so disposing it is always right.
        if (!_leaveOpen || _transcoded)
        {
            _stream.Dispose();
        }
    }
}
