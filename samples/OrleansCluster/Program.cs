using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using RhetoricClassifier;

// dotnet run -- silo 0|1|2        start silo N (silo 0 is the primary of the localhost cluster)
// dotnet run -- client PATH...    score the .txt/.md files under PATH through the cluster
//
// With no Orleans:Clustering configuration the silos form a localhost development cluster. Point the same
// program at a real cluster through configuration alone, for example with environment variables
// Orleans__Clustering__ProviderType=Redis and Orleans__Clustering__ServiceKey=redis plus
// ConnectionStrings__redis=host:6379 (and the Microsoft.Orleans.Clustering.Redis package referenced).
if (args.Length < 2 || args[0] is not ("silo" or "client"))
{
    Console.Error.WriteLine("usage: OrleansCluster silo N | OrleansCluster client PATH...");
    return 2;
}

const int SiloPortBase = 11111, GatewayPortBase = 30000, Silos = 3;
HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
bool configured = builder.Configuration.GetSection("Orleans:Clustering").Exists();

if (args[0] == "silo")
{
    int n = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
    builder.UseOrleans(silo =>
    {
        if (!configured)
        {
            silo.UseLocalhostClustering(SiloPortBase + n, GatewayPortBase + n, new IPEndPoint(IPAddress.Loopback, SiloPortBase));
        }

        silo.AddRhetoricScoring(); // the built-in model; o => o.ModelPath = "..." for a trained one
    });
    IHost host = builder.Build();
    await host.StartAsync();
    Console.WriteLine($"silo {n} up");
    await host.WaitForShutdownAsync();
    return 0;
}

builder.UseOrleansClient(client =>
{
    if (!configured)
    {
        client.UseLocalhostClustering(Enumerable.Range(0, Silos).Select(i => GatewayPortBase + i).ToArray());
    }
});
using IHost clientHost = builder.Build();
await clientHost.StartAsync();
var scorer = new ClusterScorer(clientHost.Services.GetRequiredService<IClusterClient>(),
    new ClusterScorerOptions { BatchCharacters = 1_000 }); // small batches, so that a few files spread over the silos

var perSilo = new SortedDictionary<string, int>(StringComparer.Ordinal);
await foreach (ClusterScoredDocument d in scorer.ScoreAsync(ReadFiles(args.Skip(1))))
{
    perSilo[d.Silo] = perSilo.GetValueOrDefault(d.Silo) + 1;
    DocumentSummary s = d.Analysis.Summary;
    Console.WriteLine($"{d.Analysis.Id}: {s.SentenceCount} sentences, ai {s.AiJustificationCount}, cost {s.CostCapexCount}, human {s.HumanImpactCount}  (silo {d.Silo})");
}

foreach ((string silo, int count) in perSilo)
{
    Console.WriteLine($"silo {silo} scored {count} documents");
}

await clientHost.StopAsync();
return 0;

static async IAsyncEnumerable<TextDocument> ReadFiles(IEnumerable<string> paths)
{
    foreach (string path in paths)
    {
        IEnumerable<string> files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".txt", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            : [path];
        foreach (string file in files)
        {
            // Paragraphs as documents, so that the four example files make enough work to spread.
            string[] paragraphs = (await File.ReadAllTextAsync(file)).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (int i = 0; i < paragraphs.Length; i++)
            {
                yield return new TextDocument($"{file}#{i + 1}", paragraphs[i]);
            }
        }
    }
}
