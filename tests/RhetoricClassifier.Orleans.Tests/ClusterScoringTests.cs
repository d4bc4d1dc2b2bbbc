using System.Text.Json;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace RhetoricClassifier.Orleans.Tests;

/// <summary>Three in-process silos with scoring registered, shared by the tests of this class.</summary>
public sealed class ThreeSiloCluster : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) => silo.AddRhetoricScoring());
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10)));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

public sealed class ClusterScoringTests(ThreeSiloCluster fixture) : IClassFixture<ThreeSiloCluster>
{
    private static readonly IReadOnlyList<TextDocument> Documents = LoadDocuments();

    // Small batches so that a few hundred documents make dozens of grain calls.
    private static readonly ClusterScorerOptions SmallBatches = new() { BatchCharacters = 2_000, WorkerSlots = 12, MaxConcurrentBatches = 8 };

    [Fact]
    public async Task Results_equal_the_single_process_scorer_in_input_order_and_work_lands_on_several_silos()
    {
        var scorer = new ClusterScorer(fixture.Cluster.Client, SmallBatches);

        List<ClusterScoredDocument> results = await scorer.ScoreAsync(ToAsync(Documents)).ToListAsync();

        AssertSameAsOneProcess(results);
        Assert.True(results.Select(r => r.Silo).Distinct().Count() > 1, "every batch was scored on one silo");
    }

    [Fact]
    public async Task A_silo_killed_in_the_middle_of_a_run_loses_nothing_and_duplicates_nothing()
    {
        // Its own cluster: this test kills a silo. Every call is held for 100 ms on the silo, so that batches are
        // certainly in flight on the silo when it dies (Orleans forwards most of them to a new activation itself;
        // the client's retries cover the calls it gives up on, tested below with injected failures).
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) => silo.AddRhetoricScoring().AddIncomingGrainCallFilter(async call =>
        {
            await Task.Delay(100);
            await call.Invoke();
        }));
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10)));
        await using InProcessTestCluster cluster = builder.Build();
        await cluster.DeployAsync();
        var scorer = new ClusterScorer(cluster.Client, SmallBatches with { MaxConcurrentBatches = 4 });
        var results = new List<ClusterScoredDocument>();
        string? killed = null;

        await foreach (ClusterScoredDocument r in scorer.ScoreAsync(ToAsync(Documents)))
        {
            results.Add(r);
            if (killed is null && results.Count >= Documents.Count / 8)
            {
                // Kill a secondary silo that has been doing work (the first silo hosts the test cluster's membership).
                InProcessSiloHandle victim = cluster.Silos.Skip(1).FirstOrDefault(s => results.Any(x => x.Silo == s.SiloAddress.ToString()))
                    ?? cluster.Silos[^1];
                killed = victim.SiloAddress.ToString();
                await cluster.KillSiloAsync(victim);
            }
        }

        Assert.NotNull(killed);
        AssertSameAsOneProcess(results);
        int firstAfterKill = Documents.Count / 4 + SmallBatches.MaxBatchDocuments;
        Assert.DoesNotContain(results.Skip(Math.Min(firstAfterKill, results.Count)), r => r.Silo == killed);
    }

    [Fact]
    public async Task Failed_calls_are_sent_again_and_every_document_still_comes_back_exactly_once()
    {
        // Every third call fails on the silo, as a call to a dying silo does, after the grain may have scored.
        int calls = 0;
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) => silo.AddRhetoricScoring().AddIncomingGrainCallFilter(async call =>
        {
            await call.Invoke();
            if (call.InterfaceMethod?.Name == nameof(IRhetoricScoringGrain.ScoreAsync) && Interlocked.Increment(ref calls) % 3 == 0)
            {
                throw new TimeoutException("injected: the silo went away");
            }
        }));
        await using InProcessTestCluster cluster = builder.Build();
        await cluster.DeployAsync();
        var retried = new System.Collections.Concurrent.ConcurrentBag<long>();
        var scorer = new ClusterScorer(cluster.Client, SmallBatches with { RetryDelay = TimeSpan.FromMilliseconds(10) })
        {
            RetryObserver = (batch, _, e) => { Assert.IsType<TimeoutException>(e); retried.Add(batch); },
        };

        List<ClusterScoredDocument> results = await scorer.ScoreAsync(ToAsync(Documents)).ToListAsync();

        Assert.NotEmpty(retried);
        AssertSameAsOneProcess(results);
    }

    [Fact]
    public async Task A_batch_that_always_fails_is_reported_with_its_first_document_after_the_last_attempt()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddRhetoricScoring().AddIncomingGrainCallFilter(call =>
            call.InterfaceMethod?.Name == nameof(IRhetoricScoringGrain.ScoreAsync) ? throw new InvalidOperationException("injected") : call.Invoke()));
        await using InProcessTestCluster cluster = builder.Build();
        await cluster.DeployAsync();
        var scorer = new ClusterScorer(cluster.Client, SmallBatches with { MaxAttempts = 3, RetryDelay = TimeSpan.Zero });

        ClusterScoringException e = await Assert.ThrowsAsync<ClusterScoringException>(() => scorer.ScoreAsync(ToAsync(Documents)).ToListAsync().AsTask());

        Assert.Contains("doc-0000", e.Message, StringComparison.Ordinal);
        Assert.Contains("3 times", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_input_yields_nothing_and_bad_options_are_refused()
    {
        var scorer = new ClusterScorer(fixture.Cluster.Client);

        Assert.Empty(await scorer.ScoreAsync(ToAsync([])).ToListAsync());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClusterScorer(fixture.Cluster.Client, new ClusterScorerOptions { WorkerSlots = 0 }));
    }

    private static void AssertSameAsOneProcess(List<ClusterScoredDocument> results)
    {
        RhetoricModel model = RhetoricModel.LoadDefault();
        Assert.Equal(Enumerable.Range(0, Documents.Count).Select(i => (long)i), results.Select(r => r.Index));
        for (int i = 0; i < Documents.Count; i++)
        {
            DocumentAnalysis expected = model.Analyze(Documents[i].Text, Documents[i].Id);
            DocumentAnalysis actual = results[i].Analysis;
            Assert.Equal(expected.Id, actual.Id);
            Assert.Equal(expected.Summary, actual.Summary);
            Assert.Equal(expected.Sentences, actual.Sentences);
        }
    }

    private static async IAsyncEnumerable<TextDocument> ToAsync(IEnumerable<TextDocument> documents)
    {
        foreach (TextDocument d in documents)
        {
            await Task.Yield();
            yield return d;
        }
    }

    /// <summary>The held-out test sentences, five to a document: a few hundred realistic documents.</summary>
    private static List<TextDocument> LoadDocuments()
    {
        string dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "RhetoricClassifier.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        string[] sentences = File.ReadLines(Path.Combine(dir, "training-data", "test.jsonl"))
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!)
            .ToArray();
        // Four passes in different groupings, so that a run lasts long enough to lose a silo in the middle.
        return Enumerable.Range(0, 4)
            .SelectMany(pass => sentences.Skip(pass).Chunk(5).Select(c => string.Join(' ', c)))
            .Select((text, i) => new TextDocument($"doc-{i:D4}", text))
            .ToList();
    }
}
