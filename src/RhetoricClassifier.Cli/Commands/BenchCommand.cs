using System.Diagnostics;
using System.Globalization;
using RhetoricClassifier.Data;
using RhetoricClassifier.Segmentation;

namespace RhetoricClassifier.Cli.Commands;

/// <summary>
/// <c>rhetoric bench</c>: a quick smoke measurement (well under a minute) of each scoring path on the
/// same model and sentences. The BenchmarkDotNet suite in <c>benchmarks/</c> is the careful one.
/// </summary>
internal static class BenchCommand
{
    /// <summary>The held-out test splits, embedded in the tool at build time (never trained on).</summary>
    private static IEnumerable<LabeledSentence> ShippedSample()
    {
        var assembly = typeof(BenchCommand).Assembly;
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("bench/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            foreach (LabeledSentence s in LabeledDataReader.ReadJsonLines(reader, name))
            {
                yield return s;
            }
        }
    }

    public static int Run(CommandArgs cl, CancellationToken cancellationToken)
    {
        string[] distinct = (cl.All("--data").Count > 0 ? DataPaths.Read(cl.All("--data"), includeTestFiles: true) : ShippedSample())
            .Select(s => s.Text).ToArray();
        if (distinct.Length == 0)
        {
            throw new UsageException("no sentences to measure with");
        }

        // Enough sentences that batches keep every core busy, as in the BenchmarkDotNet suite.
        string[] sentences = Enumerable.Range(0, Math.Max(20_000, distinct.Length)).Select(i => distinct[i % distinct.Length]).ToArray();

        double seconds = cl.GetInt("--seconds", 3, 1, 60);
        RhetoricModel model = ModelResolver.Resolve(cl.Get("--model"));
        var documents = sentences.Chunk(10).Select((c, i) => new TextDocument($"doc{i}", string.Join(' ', c))).ToArray();
        int docSentences = documents.Sum(d => model.Segmenter.Segment(d.Text).Count);

        Console.WriteLine($"{sentences.Length} sentences, {documents.Length} documents, {Environment.ProcessorCount} cores");
        double? baseline = ManagedCompanion.IsNativeBuild ? null : MeasureReference(model, sentences, seconds, cancellationToken);
        Report("fast path, one sentence at a time", Measure(seconds, () =>
        {
            foreach (string s in sentences)
            {
                model.Classify(s);
            }

            return sentences.Length;
        }, cancellationToken), baseline);
        // Classify on one plain thread per core, no batching: what two cores working at once cost by themselves, so
        // that the batch scorer's CPU per sentence can be told apart into its own work and that.
        Report("fast path, one plain thread per core", Measure(seconds, () =>
        {
            int cores = Environment.ProcessorCount;
            var threads = Enumerable.Range(0, cores).Select(t => new Thread(() =>
            {
                for (int i = t; i < sentences.Length; i += cores)
                {
                    model.Classify(sentences[i]);
                }
            })).ToArray();
            foreach (Thread thread in threads)
            {
                thread.Start();
            }

            foreach (Thread thread in threads)
            {
                thread.Join();
            }

            return sentences.Length;
        }, cancellationToken), baseline);
        var presplit = model.CreateBatchScorer(new BatchScorerOptions { SplitSentences = false });
        var sentenceDocs = sentences.Select((s, i) => new TextDocument(i.ToString(CultureInfo.InvariantCulture), s)).ToArray();
        Report("batch scorer, pre-split sentences", Measure(seconds, () => Drain(presplit, sentenceDocs, cancellationToken), cancellationToken), baseline);
        var batch = model.CreateBatchScorer();
        Report("batch scorer, documents end to end", Measure(seconds, () => Drain(batch, documents, cancellationToken), cancellationToken), baseline);
        Report("segmentation only", Measure(seconds / 2, () =>
        {
            var spans = new List<SentenceSpan>();
            foreach (var d in documents)
            {
                spans.Clear();
                model.Segmenter.Segment(d.Text, spans);
            }

            return docSentences;
        }, cancellationToken), null);
        return ExitCodes.Success;
    }

    // ML.NET's PredictionEngine, the baseline the other rows are compared with. A Native AOT build cannot run ML.NET
    // (it generates code at run time), so there bench leaves this row out and shows no ratios.
    private static double MeasureReference(RhetoricModel model, string[] sentences, double seconds, CancellationToken cancellationToken)
    {
        using var reference = new Models.PredictionEngineScorer(model.Core);
        float[] probabilities = new float[RhetoricTags.Count];
        string[] few = sentences[..Math.Min(2_000, sentences.Length)];
        Report("ML.NET PredictionEngine loop (baseline)", Measure(seconds / 2, () =>
        {
            foreach (string s in few)
            {
                reference.Score(s, probabilities);
            }

            return few.Length;
        }, cancellationToken), null);
        return s_last;
    }

    private static double s_last;
    private static double s_lastCpu;

    private static int Drain(BatchScorer scorer, TextDocument[] docs, CancellationToken cancellationToken)
    {
        int n = 0;
        foreach (var _ in scorer.Score(docs, cancellationToken))
        {
            n++;
        }

        return n;
    }

    private static double Measure(double seconds, Func<int> round, CancellationToken cancellationToken)
    {
        round(); // warm up: JIT, caches
        long count = 0;
        using var process = Process.GetCurrentProcess();
        TimeSpan cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            count += round();
        }

        s_last = count / clock.Elapsed.TotalSeconds;
        process.Refresh();
        s_lastCpu = (process.TotalProcessorTime - cpu).TotalMicroseconds / Math.Max(1, count);
        return s_last;
    }

    private static void Report(string name, double perSecond, double? baseline)
    {
        string ratio = baseline is double b && b > 0 ? string.Create(CultureInfo.InvariantCulture, $"  ({perSecond / b:0.0}x baseline)") : "";
        // Process CPU time per sentence (every thread: workers, the caller, the runtime's own) beside the rate: on a
        // busy machine it moves much less than the rate does.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-42} {perSecond,12:N0} sentences/s {s_lastCpu,8:0.000} us CPU/sentence{ratio}"));
    }
}
