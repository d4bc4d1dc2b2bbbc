using BenchmarkDotNet.Attributes;
using RhetoricClassifier.Models;

namespace RhetoricClassifier.Benchmarks;

/// <summary>
/// Every scoring path on the built-in model and the same sentences, against the baseline: a plain loop
/// over ML.NET's PredictionEngine. Times and allocations are per sentence.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class ScoringBenchmarks
{
    private const int Count = 20_000;
    private RhetoricModel _model = null!;
    private string[] _sentences = null!;
    private TextDocument[] _sentenceDocs = null!;
    private TextDocument[] _documents = null!;
    private PredictionEngineScorer _reference = null!;
    private BatchScorer _presplit = null!;
    private BatchScorer _batch = null!;
    private readonly float[] _probabilities = new float[RhetoricTags.Count];

    [GlobalSetup]
    public void Setup()
    {
        _model = RhetoricModel.LoadDefault();
        _sentences = BenchmarkData.ManySentences(Count);
        _sentenceDocs = _sentences.Select((s, i) => new TextDocument(i.ToString(System.Globalization.CultureInfo.InvariantCulture), s)).ToArray();
        _documents = BenchmarkData.Documents(Count);
        _reference = new PredictionEngineScorer(_model.Core);
        _presplit = _model.CreateBatchScorer(new BatchScorerOptions { SplitSentences = false });
        _batch = _model.CreateBatchScorer();
    }

    [GlobalCleanup]
    public void Cleanup() => _reference.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Count, Description = "ML.NET PredictionEngine loop")]
    public float PredictionEngineLoop()
    {
        float sum = 0;
        foreach (string s in _sentences)
        {
            _reference.Score(s, _probabilities);
            sum += _probabilities[0];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "Classify, one sentence at a time")]
    public float SingleSentence()
    {
        float sum = 0;
        foreach (string s in _sentences)
        {
            sum += _model.Classify(s).Scores.AiJustification;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "Batch scorer, pre-split sentences")]
    public int BatchPreSplit()
    {
        int n = 0;
        foreach (ScoredSentence _ in _presplit.Score(_sentenceDocs))
        {
            n++;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "Batch scorer, documents end to end")]
    public int BatchDocuments()
    {
        int n = 0;
        foreach (ScoredSentence _ in _batch.Score(_documents))
        {
            n++;
        }

        return n;
    }
}
