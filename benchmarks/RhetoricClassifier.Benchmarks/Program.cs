using BenchmarkDotNet.Running;
using RhetoricClassifier.Benchmarks;

if (args.Length > 0 && args[0] == "compare-models")
{
    ModelComparison.Run(args.Length > 1 && args[1] != "." ? args[1] : RepositoryRoot.Find(), args.Length > 2 ? args[2] : null);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(RepositoryRoot).Assembly).Run(args);
