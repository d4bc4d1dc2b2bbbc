using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace RhetoricClassifier.Benchmarks;

/// <summary>Sentences per second, from the per-sentence mean (every benchmark sets OperationsPerInvoke to its sentence count).</summary>
public sealed class SentencesPerSecondColumn : IColumn
{
    public string Id => nameof(SentencesPerSecondColumn);

    public string ColumnName => "Sentences/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Sentences per second (1 / mean time per sentence)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        double? ns = report?.ResultStatistics?.Mean;
        return ns is > 0 ? (1e9 / ns.Value).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
