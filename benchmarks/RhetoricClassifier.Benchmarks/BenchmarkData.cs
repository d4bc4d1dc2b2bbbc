using RhetoricClassifier.Data;

namespace RhetoricClassifier.Benchmarks;

/// <summary>
/// The inputs every benchmark shares: the sentences of the held-out test split (written like real
/// statements, never trained on), and documents made by joining them ten at a time.
/// </summary>
internal static class BenchmarkData
{
    private static readonly Lazy<string[]> s_sentences = new(() => LabeledDataReader
        .ReadFile(Path.Combine(RepositoryRoot.Find(), "training-data", "test.jsonl"))
        .Select(s => s.Text)
        .ToArray());

    public static string[] Sentences => s_sentences.Value;

    /// <summary>At least <paramref name="minimum"/> sentences, cycling through the test split.</summary>
    public static string[] ManySentences(int minimum)
        => Enumerable.Range(0, minimum).Select(i => Sentences[i % Sentences.Length]).ToArray();

    /// <summary>Documents of ten sentences each, separated by spaces and the odd paragraph break.</summary>
    public static TextDocument[] Documents(int minimumSentences)
        => ManySentences(minimumSentences)
            .Chunk(10)
            .Select((c, i) => new TextDocument($"doc{i}", string.Join(i % 3 == 0 ? "\n\n" : " ", c)))
            .ToArray();
}
