using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace RhetoricClassifier.Benchmarks;

/// <summary>
/// How long loading the built-in model takes, from a model file and from the resource embedded in the library.
/// Cold start: every measurement runs once in a fresh process, as a CLI run or a service start does, so the
/// figure includes JIT of the load path and ML.NET's first-use costs. One benchmark per source.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.ColdStart, launchCount: 5, warmupCount: 0, iterationCount: 1)]
public class ModelLoadBenchmarks
{
    private string _path = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Written outside the measured region; the file is read back from the page cache, as on a warm machine.
        _path = Path.Combine(Path.GetTempPath(), $"rhetoric-load-bench-{Environment.ProcessId}.zip");
        using Stream resource = EmbeddedModel();
        using FileStream file = File.Create(_path);
        resource.CopyTo(file);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Description = "Load from a model file")]
    public RhetoricModel FromFile() => RhetoricModel.Load(_path);

    [Benchmark(Description = "Load from the embedded resource")]
    public RhetoricModel FromResource()
    {
        using Stream stream = EmbeddedModel();
        return RhetoricModel.Load(stream, "built-in model");
    }

    private static Stream EmbeddedModel()
        => typeof(RhetoricModel).Assembly.GetManifestResourceStream("RhetoricClassifier.default-model.zip")
           ?? throw new InvalidOperationException("this build carries no built-in model");
}
