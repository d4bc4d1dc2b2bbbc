using System.Buffers;
using System.Runtime.CompilerServices;
using RhetoricClassifier.Data;
using RhetoricClassifier.Segmentation;

namespace RhetoricClassifier;

/// <summary>
/// Scores large collections of documents on all cores and yields tagged sentences in input order,
/// with bounded memory however large the input.
/// </summary>
/// <remarks>
/// <para>Documents are read lazily and gathered into batches of about
/// <see cref="BatchScorerOptions.BatchCharacters"/> characters; each batch is segmented and scored on a
/// worker thread. At most four times <see cref="BatchScorerOptions.MaxDegreeOfParallelism"/> batches are in
/// flight: when the consumer falls behind, no more input is read (back-pressure).</para>
/// <para>An instance holds no mutable state and is safe to use from several threads; each enumeration is
/// independent.</para>
/// <para>Document ids are not checked for uniqueness: the scorer reports each document's id back and tells
/// documents apart by their position (<see cref="ScoredSentence.DocumentIndex"/>), so two documents with the same
/// id are scored separately and both appear in the output. Readers of files (<see cref="DocumentJsonLinesReader"/>,
/// the CLI) refuse duplicate ids within a file before scoring.</para>
/// </remarks>
public sealed class BatchScorer
{
    private readonly RhetoricModel _model;
    private readonly BatchScorerOptions _options;

    internal BatchScorer(RhetoricModel model, BatchScorerOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDegreeOfParallelism, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchCharacters, 1, nameof(options));
        _model = model;
        _options = options;
    }

    /// <summary>Scores documents, yielding their sentences in input order.</summary>
    /// <param name="documents">The documents; enumerated once, lazily.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public IEnumerable<ScoredSentence> Score(IEnumerable<TextDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        foreach (ScoredBatch batch in ScoreBatchesBlocking(documents, static b => b, pooled: true, cancellationToken))
        {
            ArraySegment<ScoredSentence> sentences = Segment(batch);
            for (int i = 0; i < sentences.Count; i++)
            {
                yield return sentences[i];
            }

            Return(sentences);
        }
    }

    /// <summary>Scores documents, yielding their sentences in input order.</summary>
    /// <param name="documents">The documents; enumerated once, lazily.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public async IAsyncEnumerable<ScoredSentence> ScoreAsync(IAsyncEnumerable<TextDocument> documents,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        await foreach (ScoredBatch batch in ScoreBatchesCore(documents, static b => b, pooled: true, cancellationToken).ConfigureAwait(false))
        {
            ArraySegment<ScoredSentence> sentences = Segment(batch);
            for (int i = 0; i < sentences.Count; i++)
            {
                yield return sentences[i];
            }

            Return(sentences);
        }
    }

    /// <summary>
    /// Scores JSON Lines of <c>{"id": "...", "text": "..."}</c> (a missing id becomes <c>source:line</c>).
    /// </summary>
    /// <param name="jsonLines">UTF-8 JSON Lines.</param>
    /// <param name="sourceName">Name for error messages and default ids.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <exception cref="DataFormatException">A line is not a JSON object with a string <c>text</c>.</exception>
    public IAsyncEnumerable<ScoredSentence> ScoreJsonLinesAsync(Stream jsonLines, string sourceName = "stdin", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jsonLines);
        return ScoreAsync(DocumentJsonLinesReader.ReadAsync(jsonLines, sourceName, onBadLine: null, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// The batch-level form of <see cref="ScoreAsync"/>: <paramref name="transform"/> runs on the worker
    /// that scored each batch, so per-batch work such as formatting output also runs in parallel, while
    /// results still arrive in input order.
    /// </summary>
    /// <typeparam name="TResult">What a batch becomes.</typeparam>
    /// <param name="documents">The documents; enumerated once, lazily.</param>
    /// <param name="transform">Turns a scored batch into a result, on a worker thread.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public IAsyncEnumerable<TResult> ScoreBatchesAsync<TResult>(IAsyncEnumerable<TextDocument> documents, Func<ScoredBatch, TResult> transform,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(transform);
        return ScoreBatchesCore(documents, transform, pooled: false, cancellationToken);
    }

    // With pooled: true, each batch's sentence array is rented from ArrayPool; the caller must hand it back
    // with Return once it has copied the sentences out, and must not let the batch escape.
    private async IAsyncEnumerable<TResult> ScoreBatchesCore<TResult>(IAsyncEnumerable<TextDocument> documents, Func<ScoredBatch, TResult> transform,
        bool pooled, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pipeline = new Pipeline<TResult>(this, transform, pooled, cancellationToken);
        IAsyncEnumerator<TextDocument> input = documents.GetAsyncEnumerator(cancellationToken);
        Task<bool>? waiting = null; // the input's next item, while batches are handed out before it arrives
        try
        {
            while (true)
            {
                ValueTask<bool> next = input.MoveNextAsync();
                bool more;
                if (next.IsCompleted || !pipeline.HasWork)
                {
                    more = await next.ConfigureAwait(false);
                }
                else
                {
                    // The input has nothing ready. A file's next block is usually a moment away; a pipe that a writer feeds
                    // as it goes (tail -f | rhetoric score -) may stay quiet for minutes, and what was read before it must
                    // not wait for a full batch, nor finished batches for the next one. So after InputStall without
                    // input, the partial batch goes to a worker and each batch is handed out as it finishes.
                    Task<bool> arrived = next.AsTask();
                    if (!await ArrivesWithin(arrived, InputStall).ConfigureAwait(false))
                    {
                        pipeline.Complete();
                        waiting = arrived;
                        while (pipeline.HasMore && !arrived.IsCompleted)
                        {
                            Task<TResult> head = pipeline.Head;
                            await Task.WhenAny(arrived, head).ConfigureAwait(false);
                            if (head.IsCompleted)
                            {
                                yield return await pipeline.Dequeue().ConfigureAwait(false);
                            }
                        }

                        waiting = null;
                    }

                    more = await arrived.ConfigureAwait(false);
                }

                if (!more)
                {
                    break;
                }

                if (!pipeline.Add(input.Current))
                {
                    continue;
                }

                while (pipeline.HeadDue)
                {
                    yield return await pipeline.Dequeue().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (waiting is null || waiting.IsCompleted)
            {
                await input.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                // The consumer stopped while the input's next item was still awaited: an enumerator cannot be disposed
                // during a MoveNextAsync, and waiting could take as long as the writer of a pipe likes. The item is
                // abandoned (observed, so that an error in it is not reported as unobserved).
                _ = waiting.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted,
                    TaskScheduler.Default);
            }
        }

        pipeline.Complete();
        while (pipeline.HasMore)
        {
            yield return await pipeline.Dequeue().ConfigureAwait(false);
        }
    }

    /// <summary>How long the input may have nothing ready before what was read is scored and handed out.</summary>
    internal static readonly TimeSpan InputStall = TimeSpan.FromMilliseconds(100);

    // Whether the task finishes within the time; the timer is cancelled when it does.
    private static async Task<bool> ArrivesWithin(Task task, TimeSpan time)
    {
        using var timer = new CancellationTokenSource();
        Task delay = Task.Delay(time, timer.Token);
        Task first = await Task.WhenAny(task, delay).ConfigureAwait(false);
        await timer.CancelAsync().ConfigureAwait(false);
        return first == task;
    }

    // The same pipeline for an in-memory or otherwise synchronous input, waiting for each batch on the calling
    // thread: no asynchronous enumerator per document, no state machine resumed per batch, and no bridge from
    // an asynchronous enumeration back to a blocking one.
    private IEnumerable<TResult> ScoreBatchesBlocking<TResult>(IEnumerable<TextDocument> documents, Func<ScoredBatch, TResult> transform,
        bool pooled, CancellationToken cancellationToken)
    {
        var pipeline = new Pipeline<TResult>(this, transform, pooled, cancellationToken);
        foreach (TextDocument doc in documents)
        {
            if (!pipeline.Add(doc))
            {
                continue;
            }

            while (pipeline.HeadDue)
            {
                yield return pipeline.Wait(pipeline.Dequeue());
            }
        }

        pipeline.Complete();
        while (pipeline.HasMore)
        {
            yield return pipeline.Wait(pipeline.Dequeue());
        }
    }

    // Gathers documents into batches of about BatchCharacters characters, hands each to a worker, and keeps the
    // batches in flight in input order, at most four times the degree of parallelism of them (back-pressure). Results
    // leave in input order, so a batch that finishes late (its worker preempted, say by the thread reading the input)
    // holds up the rest: with twice the degree of parallelism the other workers ran out of batches and waited, and a
    // 400,000-sentence run on two cores took 1.54 s where four times takes 1.34 s (eight times: no faster).
    private sealed class Pipeline<TResult>(BatchScorer scorer, Func<ScoredBatch, TResult> transform, bool pooled, CancellationToken cancellationToken)
    {
        private readonly int _maxInFlight = scorer._options.MaxDegreeOfParallelism * 4;
        private readonly Queue<Task<TResult>> _inFlight = new();
        private List<TextDocument> _batch = [];
        private long _chars, _index, _first;

        /// <summary>Adds a document; true when that completed a batch and handed it to a worker.</summary>
        public bool Add(TextDocument doc)
        {
            ArgumentNullException.ThrowIfNull(doc);
            _batch.Add(doc);
            _index++;
            _chars += doc.Text.Length + 16;
            if (_chars < scorer._options.BatchCharacters)
            {
                return false;
            }

            Dispatch();
            return true;
        }

        /// <summary>The oldest batch should be taken now: too many are in flight, or it is already done.</summary>
        public bool HeadDue => _inFlight.Count >= _maxInFlight || (_inFlight.Count > 0 && _inFlight.Peek().IsCompleted);

        public bool HasMore => _inFlight.Count > 0;

        /// <summary>Documents read but not yet handed out: in the batch being gathered or in flight.</summary>
        public bool HasWork => _batch.Count > 0 || _inFlight.Count > 0;

        /// <summary>The oldest batch in flight (there must be one).</summary>
        public Task<TResult> Head => _inFlight.Peek();

        public Task<TResult> Dequeue() => _inFlight.Dequeue();

        private ManualResetEventSlim? _done;

        /// <summary>
        /// Blocks until <paramref name="task"/> is done and returns its result (or throws its exception). Sleeps at once
        /// instead of spinning first as <see cref="Task.Wait()"/> does: the wait is for the oldest batch, usually a good
        /// part of a batch's time away, and on a machine whose cores all run workers a spinning caller only takes time
        /// from them.
        /// </summary>
        public TResult Wait(Task<TResult> task)
        {
            if (!task.IsCompleted)
            {
                _done ??= new ManualResetEventSlim(false, spinCount: 0);
                _done.Reset();
                ManualResetEventSlim done = _done;
                task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(done.Set);
                done.Wait();
            }

            return task.GetAwaiter().GetResult();
        }

        /// <summary>Hands the last, partial batch to a worker.</summary>
        public void Complete()
        {
            if (_batch.Count > 0)
            {
                Dispatch();
            }
        }

        private void Dispatch()
        {
            List<TextDocument> batch = _batch;
            long first = _first;
            _inFlight.Enqueue(Task.Run(() => transform(scorer.ScoreBatch(batch, first, pooled, cancellationToken)), cancellationToken));
            _batch = [];
            _chars = 0;
            _first = _index;
        }
    }

    /// <summary>Scores documents into per-document analyses (used by <see cref="RhetoricModel.AnalyzeMany"/>).</summary>
    internal IEnumerable<DocumentAnalysis> ScoreDocuments(IEnumerable<TextDocument> documents, CancellationToken cancellationToken)
    {
        foreach (List<DocumentAnalysis> analyses in ScoreBatchesBlocking(documents, ToAnalyses, pooled: false, cancellationToken))
        {
            foreach (DocumentAnalysis a in analyses)
            {
                yield return a;
            }
        }
    }

    // ScoreBatch builds every batch on an array; iterating the segment avoids a Memory-to-Span conversion per sentence.
    private static ArraySegment<ScoredSentence> Segment(ScoredBatch batch)
    {
        _ = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(batch.Sentences, out ArraySegment<ScoredSentence> segment);
        return segment;
    }

    private static void Return(ArraySegment<ScoredSentence> sentences)
        => ArrayPool<ScoredSentence>.Shared.Return(sentences.Array!, clearArray: true); // drop references to document texts

    private ScoredBatch ScoreBatch(List<TextDocument> documents, long first, bool pooled, CancellationToken cancellationToken)
    {
        var spans = new List<SentenceSpan>();
        // Sized from the text (about one sentence per 64 characters, plus one per document) so that it
        // seldom grows, yet small enough at the default batch size to stay off the large-object heap.
        long chars = 0;
        foreach (TextDocument d in documents)
        {
            chars += d.Text.Length;
        }

        int capacity = (int)Math.Clamp(chars / 64, 16, 1 << 20) + documents.Count;
        ScoredSentence[] results = pooled ? ArrayPool<ScoredSentence>.Shared.Rent(capacity) : new ScoredSentence[capacity];
        int count = 0;
        var workspace = Scoring.ScoringWorkspace.ForCurrentThread(_model.Core.Forest);
        for (int d = 0; d < documents.Count; d++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TextDocument doc = documents[d];
            spans.Clear();
            if (_options.SplitSentences)
            {
                _model.Segmenter.Segment(doc.Text, spans, cancellationToken);
            }
            else
            {
                AddWhole(doc.Text, spans);
            }

            if (count + spans.Count > results.Length)
            {
                results = Grow(results, count, Math.Max(results.Length * 2, count + spans.Count), pooled);
            }

            for (int s = 0; s < spans.Count; s++)
            {
                if (s % RhetoricModel.CancellationStride == RhetoricModel.CancellationStride - 1)
                {
                    cancellationToken.ThrowIfCancellationRequested(); // one document can hold millions of sentences
                }

                SentenceSpan span = spans[s];
                ReadOnlyMemory<char> text = doc.Text.AsMemory(span.Start, span.Length);
                SentenceClassification c = _model.Classify(text.Span, workspace);
                results[count++] = new ScoredSentence(doc.Id, first + d, s, span.Start, span.Length, text, c.Tags, c.Scores);
            }
        }

        Diagnostics.RhetoricMetrics.Scored(documents.Count, count);
        return new ScoredBatch(first, documents, results.AsMemory(0, count));
    }

    private static ScoredSentence[] Grow(ScoredSentence[] results, int count, int size, bool pooled)
    {
        if (!pooled)
        {
            Array.Resize(ref results, size);
            return results;
        }

        ScoredSentence[] larger = ArrayPool<ScoredSentence>.Shared.Rent(size);
        results.AsSpan(0, count).CopyTo(larger);
        ArrayPool<ScoredSentence>.Shared.Return(results, clearArray: true);
        return larger;
    }

    // The whole record as one sentence, trimmed of surrounding white space; nothing for a blank record.
    private static void AddWhole(string text, List<SentenceSpan> spans)
    {
        ReadOnlySpan<char> span = text;
        int start = span.Length - span.TrimStart().Length;
        int length = span.Trim().Length;
        if (length > 0)
        {
            spans.Add(new SentenceSpan(start, length));
        }
    }

    private static List<DocumentAnalysis> ToAnalyses(ScoredBatch batch)
        => batch.ByDocument().Select(d => RhetoricModel.ToAnalysis(d.Document.Id, d.Sentences.Span)).ToList();
}
