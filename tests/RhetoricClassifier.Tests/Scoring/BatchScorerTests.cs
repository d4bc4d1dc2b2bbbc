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
