using BenchmarkDotNet.Attributes;
using RhetoricClassifier.Features;
using RhetoricClassifier.Scoring;
using RhetoricClassifier.Segmentation;

namespace RhetoricClassifier.Benchmarks;

/// <summary>The stages of the fast path on their own: segmentation, and featurisation (normalise, n-grams, lookups).</summary>
[Config(typeof(BenchmarkConfig))]
public class PipelineStageBenchmarks
{
    private const int Count = 20_000;
    private string[] _sentences = null!;
    private TextDocument[] _documents = null!;
    private readonly List<SentenceSpan> _spans = [];
    private CompiledForest _forest = null!;
    private char[] _buffer = new char[4096];
    private char[]? _rented;

    [GlobalSetup]
    public void Setup()
    {
        _sentences = BenchmarkData.ManySentences(Count);
        _documents = BenchmarkData.Documents(Count);
        _forest = RhetoricModel.LoadDefault().Core.Forest;
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "Segmentation")]
    public int Segmentation()
    {
        int n = 0;
        foreach (TextDocument d in _documents)
        {
            _spans.Clear();
            RuleBasedSegmenter.Default.Segment(d.Text, _spans);
            n += _spans.Count;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "Featurisation (normalise, n-grams, lookups)")]
    public int Featurisation()
    {
        var sink = new LookupSink { Forest = _forest };
        foreach (string s in _sentences)
        {
            int length = TextNormalizer.Normalize(s, ref _buffer, ref _rented);
            NgramExtractor.Extract(_buffer.AsSpan(0, length), _forest.Settings, ref sink);
        }

        return sink.Hits;
    }

    private struct LookupSink : INgramSink
    {
        public CompiledForest Forest;
        public int Hits;

        public void Add(ulong key, int start, int length, bool isWord) => Hits += Forest.Lookup(key) >= 0 ? 1 : 0;
    }
}
