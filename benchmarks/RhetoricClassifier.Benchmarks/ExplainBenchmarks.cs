using BenchmarkDotNet.Attributes;

namespace RhetoricClassifier.Benchmarks;

/// <summary>
/// <see cref="RhetoricModel.Explain(string)"/> against <see cref="RhetoricModel.Classify(string)"/> on the same
/// sentences, one at a time on one thread: what an explanation costs per sentence.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class ExplainBenchmarks
{
    private const int Count = 2_000;
    private RhetoricModel _model = null!;
    private string[] _sentences = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = RhetoricModel.LoadDefault();
        _sentences = BenchmarkData.ManySentences(Count);
        _ = _model.Explain(_sentences[0]); // build the explainer outside the measurement
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count, Description = "Classify, one sentence at a time")]
    public float Classify()
    {
        float sum = 0;
        foreach (string s in _sentences)
        {
            sum += _model.Classify(s).Scores.AiJustification;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "Explain, one sentence at a time")]
    public double Explain()
    {
        double sum = 0;
        foreach (string s in _sentences)
        {
            sum += _model.Explain(s).Tags[0].Base;
        }

        return sum;
    }
}
