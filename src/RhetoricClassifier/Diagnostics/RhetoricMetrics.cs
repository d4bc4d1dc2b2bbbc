using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RhetoricClassifier.Diagnostics;

/// <summary>
/// The library's <see cref="Meter"/>, named <c>RhetoricClassifier</c> (<see cref="MeterName"/>): sentences and
/// documents scored, and model load time. Instruments cost one branch when nobody listens, and the scorer adds
/// once per batch, not per sentence, so the hot path is unchanged.
/// </summary>
internal static class RhetoricMetrics
{
    public const string MeterName = "RhetoricClassifier";

    private static readonly Meter s_meter = new(MeterName, typeof(RhetoricMetrics).Assembly.GetName().Version?.ToString());

    public static readonly Counter<long> Sentences =
        s_meter.CreateCounter<long>("rhetoric.sentences.scored", "{sentence}", "Sentences classified.");

    public static readonly Counter<long> Documents =
        s_meter.CreateCounter<long>("rhetoric.documents.scored", "{document}", "Documents split and classified.");

    public static readonly Histogram<double> LoadDuration =
        s_meter.CreateHistogram<double>("rhetoric.model.load.duration", "s", "Time to read and compile a model.");

    public static void Scored(long documents, long sentences)
    {
        if (Documents.Enabled && documents > 0)
        {
            Documents.Add(documents);
        }

        if (Sentences.Enabled)
        {
            Sentences.Add(sentences);
        }
    }

    public static void Loaded(long startTimestamp, string source)
    {
        if (LoadDuration.Enabled)
        {
            LoadDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("source", source));
        }
    }
}
