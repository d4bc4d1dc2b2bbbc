using RhetoricClassifier.Data;

namespace RhetoricClassifier.Tests.Scoring;

public sealed class ConcurrencyTests
{
    [Fact]
    public void Sixteen_threads_sharing_one_model_get_the_same_results_as_sequential_scoring()
    {
        var model = RhetoricModel.LoadDefault();
        var sentences = LabeledDataReader.ReadFile(Path.Combine(RepositoryPaths.TrainingData, "test.jsonl")).Select(s => s.Text).ToArray();
        var expected = sentences.Select(s => model.Classify(s)).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new Barrier(16);
        var threads = Enumerable.Range(0, 16).Select(k => new Thread(() =>
        {
            start.SignalAndWait();
            for (int round = 0; round < 3; round++)
            {
                // Each thread walks the sentences from a different offset so threads collide on different work.
                for (int j = 0; j < sentences.Length; j++)
                {
                    int i = (j + (k * 37)) % sentences.Length;
                    if (model.Classify(sentences[i]) != expected[i])
                    {
                        failures.Add($"thread {k}, sentence {i}");
                    }
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(failures);
    }

    [Fact]
    public void Concurrent_Analyze_calls_match_sequential_ones()
    {
        var model = RhetoricModel.LoadDefault();
        var docs = Directory.GetFiles(RepositoryPaths.Examples).Select(File.ReadAllText).ToArray();
        var expected = docs.Select(d => model.Analyze(d)).ToArray();
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            var got = model.Analyze(docs[i % docs.Length]);
            Assert.Equal(expected[i % docs.Length].Sentences, got.Sentences);
        });
    }
}
