using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace RhetoricClassifier.Benchmarks;

/// <summary>Memory diagnoser (bytes allocated per sentence) and the sentences-per-second column on every benchmark.</summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new SentencesPerSecondColumn());
    }
}
