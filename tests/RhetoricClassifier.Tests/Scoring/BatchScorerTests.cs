namespace RhetoricClassifier.Tests.Scoring;

public sealed class BatchScorerTests
{
    private static TextDocument[] Documents(int count)
    {
        string[] examples = Directory.GetFiles(RepositoryPaths.Examples).Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();
        return Enumerable.Range(0, count).Select(i => new TextDocument($"d{i}", examples[i % examples.Length])).ToArray();
    }

    [Fact]
    public void Yields_every_sentence_in_input_order_with_the_same_results_as_Analyze()
    {
        var model = RhetoricModel.LoadDefault();
        var docs = Documents(300);
        var scorer = model.CreateBatchScorer(new BatchScorerOptions { BatchCharacters = 4096, MaxDegreeOfParallelism = 4 });
        var got = scorer.Score(docs).ToList();
        var expected = docs.SelectMany((d, i) => model.Analyze(d.Text, d.Id).Sentences.Select(s => (Doc: i, s))).ToList();
        Assert.Equal(expected.Count, got.Count);
        for (int i = 0; i < got.Count; i++)
        {
            Assert.Equal(expected[i].Doc, got[i].DocumentIndex);
            Assert.Equal(docs[expected[i].Doc].Id, got[i].DocumentId);
            Assert.Equal(expected[i].s.Index, got[i].Index);
            Assert.Equal(expected[i].s.Start, got[i].Start);
            Assert.Equal(expected[i].s.Text, got[i].Text.ToString());
            Assert.Equal(expected[i].s.Scores, got[i].Scores);
            Assert.Equal(expected[i].s.Tags, got[i].Tags);
        }
    }

    [Fact]
    public async Task The_async_path_yields_the_same_sentences_as_the_synchronous_one()
    {
        var scorer = RhetoricModel.LoadDefault().CreateBatchScorer(new BatchScorerOptions { BatchCharacters = 2048 });
        var docs = Documents(50);
        var sync = scorer.Score(docs).Select(s => (s.DocumentId, s.Start, s.Scores)).ToList();
        var async = new List<(string, int, TagScores)>();
        await foreach (var s in scorer.ScoreAsync(docs.ToAsyncEnumerable()))
        {
            async.Add((s.DocumentId, s.Start, s.Scores));
        }

        Assert.Equal(sync, async);
    }

    // A hang guard only: each wait below ends as soon as its result is there, and without the behaviour under test it
    // never would be.
    private static readonly TimeSpan Never = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_quiet_input_does_not_hold_back_the_results_of_what_was_read_before_it()
    {
        // A pipe fed as statements are published (tail -f | rhetoric score -): one document, then nothing for a while.
        var scorer = RhetoricModel.LoadDefault().CreateBatchScorer();
        var input = System.Threading.Channels.Channel.CreateUnbounded<TextDocument>();
        await using var results = scorer.ScoreAsync(input.Reader.ReadAllAsync()).GetAsyncEnumerator();

        input.Writer.TryWrite(new TextDocument("first", "We are replacing 200 support roles with AI agents."));
        Task<bool> first = results.MoveNextAsync().AsTask();
        Assert.Same(first, await Task.WhenAny(first, Task.Delay(Never)));
        Assert.True(await first);
        Assert.Equal("first", results.Current.DocumentId);

        input.Writer.TryWrite(new TextDocument("second", "Capital spending on data centres doubled."));
        Task<bool> second = results.MoveNextAsync().AsTask();
        Assert.Same(second, await Task.WhenAny(second, Task.Delay(Never)));
        Assert.Equal("second", results.Current.DocumentId);

        input.Writer.Complete();
        Assert.False(await results.MoveNextAsync());
    }

    [Fact]
    public async Task Pauses_in_the_input_change_neither_the_results_nor_their_order()
    {
        var scorer = RhetoricModel.LoadDefault().CreateBatchScorer(new BatchScorerOptions { BatchCharacters = 4096 });
        var docs = Documents(40);
        var expected = scorer.Score(docs).Select(s => (s.DocumentId, s.Index, s.Start, s.Scores)).ToList();

        async IAsyncEnumerable<TextDocument> WithPauses()
        {
            for (int i = 0; i < docs.Length; i++)
            {
                if (i % 13 == 5)
                {
                    await Task.Delay(BatchScorer.InputStall * 2); // long enough for the partial batch to be handed out
                }

                yield return docs[i];
            }
        }

        var got = new List<(string, int, int, TagScores)>();
        await foreach (var s in scorer.ScoreAsync(WithPauses()))
        {
            got.Add((s.DocumentId, s.Index, s.Start, s.Scores));
        }

        Assert.Equal(expected, got);
    }

    [Fact]
    public async Task A_consumer_may_stop_while_the_input_is_quiet()
    {
        var scorer = RhetoricModel.LoadDefault().CreateBatchScorer();
        var input = System.Threading.Channels.Channel.CreateUnbounded<TextDocument>();
        var results = scorer.ScoreAsync(input.Reader.ReadAllAsync()).GetAsyncEnumerator();
        input.Writer.TryWrite(new TextDocument("only", "Margins fell as we cut 5% of staff."));
        Task<bool> first = results.MoveNextAsync().AsTask();
        Assert.Same(first, await Task.WhenAny(first, Task.Delay(Never)));

        // The scorer is still waiting for the input's next document: stopping now neither throws nor waits for it.
        Task stopped = results.DisposeAsync().AsTask();
        Assert.Same(stopped, await Task.WhenAny(stopped, Task.Delay(Never)));
        await stopped;
    }

    [Fact]
    public void Reads_its_input_lazily_rather_than_all_at_once()
    {
        // An endless input must still produce results: the scorer may only run a bounded distance ahead.
        var scorer = RhetoricModel.LoadDefault().CreateBatchScorer(new BatchScorerOptions { BatchCharacters = 1024, MaxDegreeOfParallelism = 2 });
        int produced = 0;
        IEnumerable<TextDocument> Endless()
        {
            for (int i = 0; ; i++)
            {
                produced++;
                yield return new TextDocument($"d{i}", "We are cutting 300 jobs. Capex rose to $2 billion.");
            }
        }

        var first = scorer.Score(Endless()).Take(10).ToList();
        Assert.Equal(10, first.Count);
        Assert.InRange(produced, 1, 2_000);
    }

    [Fact]
    public void Cancellation_stops_the_enumeration()
    {
        var scorer = RhetoricModel.LoadDefault().CreateBatchScorer(new BatchScorerOptions { BatchCharacters = 1024 });
        using var cts = new CancellationTokenSource();
        int n = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var _ in scorer.Score(Documents(10_000), cts.Token))
            {
                if (++n == 5)
                {
                    cts.Cancel();
                }
            }
        });
        Assert.InRange(n, 5, 5_000);
    }

    [Fact]
    public void A_failure_on_a_worker_or_in_the_input_reaches_the_caller_as_itself()
    {
        var model = RhetoricModel.LoadDefault().WithSegmenter(new FailingSegmenter("poison"));
        var scorer = model.CreateBatchScorer(new BatchScorerOptions { BatchCharacters = 1024 });
        var docs = Documents(50).Append(new TextDocument("bad", "poison")).Concat(Documents(50)).ToArray();
        var fromWorker = Assert.Throws<InvalidOperationException>(() => scorer.Score(docs).Count());
        Assert.Equal("poison", fromWorker.Message);
        Assert.Throws<InvalidOperationException>(() => model.AnalyzeMany(docs).Count());

        static IEnumerable<TextDocument> BrokenInput()
        {
            yield return new TextDocument("a", "We cut jobs.");
            throw new FormatException("input broke");
        }

        Assert.Equal("input broke", Assert.Throws<FormatException>(() => scorer.Score(BrokenInput()).Count()).Message);
    }

    private sealed class FailingSegmenter(string poison) : ISentenceSegmenter
    {
        public void Segment(ReadOnlySpan<char> text, List<SentenceSpan> sentences)
        {
            if (text.SequenceEqual(poison))
            {
                throw new InvalidOperationException(poison);
            }

            RuleBasedSegmenter.Default.Segment(text, sentences);
        }
    }

    [Fact]
    public void AnalyzeMany_returns_one_analysis_per_document_with_summaries()
    {
        var model = RhetoricModel.LoadDefault();
        var docs = Documents(12).Append(new TextDocument("empty", "  \n ")).ToArray();
        var analyses = model.AnalyzeMany(docs).ToList();
        Assert.Equal(docs.Select(d => d.Id), analyses.Select(a => a.Id));
        Assert.Equal(0, analyses[^1].Summary.SentenceCount);
        for (int i = 0; i < 12; i++)
        {
            var direct = model.Analyze(docs[i].Text);
            Assert.Equal(direct.Summary, analyses[i].Summary);
        }
    }
}
