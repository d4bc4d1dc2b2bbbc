using BenchmarkDotNet.Attributes;
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
    private ScoringWorkspace _workspace = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sentences = BenchmarkData.ManySentences(Count);
        _documents = BenchmarkData.Documents(Count);
        _workspace = new ScoringWorkspace(RhetoricModel.LoadDefault().Core.Forest);
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
        int touched = 0;
        foreach (string s in _sentences)
        {
            _workspace.Featurize(s);
            touched += _workspace.TouchedCount;
            _workspace.ClearFeatures();
        }

        return touched;
    }
}
