using BenchmarkDotNet.Running;
using RhetoricClassifier.Benchmarks;

if (args.Length > 0 && args[0] == "compare-models")
{
    ModelComparison.Run(args.Length > 1 ? args[1] : RepositoryRoot.Find());
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(RepositoryRoot).Assembly).Run(args);
