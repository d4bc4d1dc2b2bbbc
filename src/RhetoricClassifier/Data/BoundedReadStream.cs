namespace RhetoricClassifier.Data;

/// <summary>
/// A read-only, forward-only view of a stream that throws the exception <paramref name="tooLong"/> makes
/// once more than <paramref name="limit"/> bytes have been read: bounds what a decompressing stream (a zip
/// entry whose header may lie) can hand a parser.
/// </summary>
internal sealed class BoundedReadStream(Stream inner, long limit, Func<Exception> tooLong) : ForwardReadStream(inner)
{
    private long _read;

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        int n = Inner.Read(buffer);
        _read += n;
        if (_read > limit)
        {
            throw tooLong();
        }

        return n;
    }
}
