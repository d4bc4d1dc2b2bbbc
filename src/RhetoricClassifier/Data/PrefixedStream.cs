namespace RhetoricClassifier.Data;

/// <summary>
/// A read-only stream of some bytes already read from a stream followed by the rest of that stream: lets a
/// reader sniff the head of a non-seekable input (a pipe, standard input) and then read it from the start.
/// </summary>
internal sealed class PrefixedStream(byte[] head, Stream rest) : ForwardReadStream(rest)
{
    private int _position;

    public override int Read(Span<byte> buffer)
    {
        if (_position < head.Length)
        {
            int n = Math.Min(buffer.Length, head.Length - _position);
            head.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        return Inner.Read(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => _position < head.Length ? ValueTask.FromResult(Read(buffer.Span)) : Inner.ReadAsync(buffer, cancellationToken);
}
