using System.Text;

namespace RhetoricClassifier.Tests.Scoring;

/// <summary>
/// Cancellation inside one long document: the segmenter, the per-sentence scoring loops and plain-text reading
/// look at the token as they go, not only between documents. Nothing here measures time: each test cancels from
/// inside the work (a segmenter or a stream that cancels as it is used) and checks that the rest was not done.
/// </summary>
public sealed class CancellationTests
{
    // About 2 million characters, 50,000 sentences.
    private static readonly string LongDocument = string.Concat(Enumerable.Range(0, 50_000).Select(i => $"We cut {i} jobs as AI took over. "));

    [Fact]
    public void The_segmenter_stops_partway_through_a_long_text_when_cancelled()
    {
        var all = new List<SentenceSpan>();
        RuleBasedSegmenter.Default.Segment(LongDocument, all);

        var partial = new List<SentenceSpan>();
        Assert.Throws<OperationCanceledException>(() => RuleBasedSegmenter.Default.Segment(LongDocument, partial, new CancellationToken(canceled: true)));

        // It saw the token within its first stride of characters, long before the end.
        Assert.InRange(partial.Count, 0, RuleBasedSegmenter.CancellationStride / 10);
        Assert.True(partial.Count < all.Count / 10, $"{partial.Count} of {all.Count} sentences were split before the token was seen");
    }

    [Fact]
    public void Analyze_stops_between_the_sentences_of_one_document_when_cancelled_after_splitting()
    {
        using var cts = new CancellationTokenSource();
        var segmenter = new CancellingSegmenter(cts);
        RhetoricModel model = RhetoricModel.LoadDefault().WithSegmenter(segmenter);

        Assert.Throws<OperationCanceledException>(() => model.Analyze(LongDocument, "long", cts.Token));
        Assert.Equal(1, segmenter.Calls);
        Assert.Equal(50_000, segmenter.Sentences);

        // Without a token the same model scores the whole document.
        Assert.Equal(50_000, model.Analyze(LongDocument, "long").Sentences.Count);
    }

    [Fact]
    public void The_batch_scorer_stops_inside_one_document_when_cancelled_after_splitting()
    {
        using var cts = new CancellationTokenSource();
        RhetoricModel model = RhetoricModel.LoadDefault().WithSegmenter(new CancellingSegmenter(cts));
        BatchScorer scorer = model.CreateBatchScorer(new BatchScorerOptions { MaxDegreeOfParallelism = 1 });

        int yielded = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (ScoredSentence _ in scorer.Score([new TextDocument("long", LongDocument)], cts.Token))
            {
                yielded++;
            }
        });
        Assert.Equal(0, yielded);
    }

    [Fact]
    public async Task Reading_a_large_text_stream_stops_when_cancelled_partway()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(LongDocument, 4))); // about 8 MB
        using var cts = new CancellationTokenSource();
        var stream = new CancellingStream(bytes, cancelAfter: 1 << 20, cts);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            DocumentReader.Default.ReadAsync(stream, DocumentFileFormat.PlainText, "big.txt", cts.Token));
        Assert.True(stream.Position < bytes.Length / 2, $"read {stream.Position:N0} of {bytes.Length:N0} bytes after cancelling at 1 MB");
    }

    /// <summary>Splits with the built-in rules, then cancels: the scoring that follows must notice.</summary>
    private sealed class CancellingSegmenter(CancellationTokenSource cts) : ISentenceSegmenter
    {
        public int Calls { get; private set; }

        public int Sentences { get; private set; }

        public void Segment(ReadOnlySpan<char> text, List<SentenceSpan> sentences)
        {
            int before = sentences.Count;
            RuleBasedSegmenter.Default.Segment(text, sentences);
            Calls++;
            Sentences += sentences.Count - before;
            cts.Cancel();
        }
    }

    /// <summary>A forward-only stream that cancels <paramref name="cts"/> once <paramref name="cancelAfter"/> bytes have been read.</summary>
    private sealed class CancellingStream(byte[] bytes, int cancelAfter, CancellationTokenSource cts) : Stream
    {
        private readonly MemoryStream _inner = new(bytes, writable: false);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = _inner.Read(buffer, offset, count);
            if (_inner.Position >= cancelAfter)
            {
                cts.Cancel();
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
