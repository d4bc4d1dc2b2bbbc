using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;

namespace RhetoricClassifier.Tests.Models;

/// <summary>
/// A format-3 model loads, scores, explains and saves without ML.NET: loading it costs a fifth of a second per
/// process. The test process has ML.NET loaded already (other tests train models), so the library is loaded a
/// second time into an isolated <see cref="AssemblyLoadContext"/> that records every assembly it is asked for.
/// </summary>
public sealed class MlNetIsolationTests : IDisposable
{
    private readonly TempFolder _dir = new("rhetoric-isolation-");
    private readonly RecordingContext _context = new();

    public void Dispose()
    {
        _context.Unload();
        _dir.Dispose();
    }

    [Fact]
    public void Loading_scoring_analysing_explaining_batch_scoring_and_saving_never_load_MlNet()
    {
        Assembly library = _context.LoadFromAssemblyPath(typeof(RhetoricModel).Assembly.Location);
        Type modelType = library.GetType(typeof(RhetoricModel).FullName!)!;
        object builtIn = modelType.GetMethod(nameof(RhetoricModel.LoadDefault))!.Invoke(null, null)!;
        string path = Path.Combine(_dir.Path, "copy.zip");
        modelType.GetMethod(nameof(RhetoricModel.Save), [typeof(string)])!.Invoke(builtIn, [path]);
        object model = modelType.GetMethod(nameof(RhetoricModel.Load), [typeof(string)])!.Invoke(null, [path])!;

        const string sentence = "We are replacing 4,000 support roles with AI agents to cut costs.";
        object classification = modelType.GetMethod(nameof(RhetoricModel.Classify), [typeof(string)])!.Invoke(model, [sentence])!;
        object analysis = modelType.GetMethod(nameof(RhetoricModel.Analyze))!.Invoke(model, [sentence + " Capex rises.", null, CancellationToken.None])!;
        object explanation = modelType.GetMethod(nameof(RhetoricModel.Explain), [typeof(string)])!.Invoke(model, [sentence])!;
        Type documentType = library.GetType(typeof(TextDocument).FullName!)!;
        IList documents = Array.CreateInstance(documentType, 1);
        documents[0] = Activator.CreateInstance(documentType, "d1", sentence)!;
        object scorer = modelType.GetMethod(nameof(RhetoricModel.CreateBatchScorer))!.Invoke(model, [null])!;
        var scored = ((IEnumerable)scorer.GetType().GetMethod(nameof(BatchScorer.Score))!.Invoke(scorer, [documents, CancellationToken.None])!).Cast<object>().ToList();

        // The isolated copy scores as the ordinary one does: the calls above really ran.
        SentenceClassification expected = RhetoricModel.LoadDefault().Classify(sentence);
        Assert.Equal(expected.Scores.ToString(), classification.GetType().GetProperty(nameof(SentenceClassification.Scores))!.GetValue(classification)!.ToString());
        Assert.Equal(2, ((IEnumerable)analysis.GetType().GetProperty(nameof(DocumentAnalysis.Sentences))!.GetValue(analysis)!).Cast<object>().Count());
        Assert.NotNull(explanation);
        Assert.Single(scored);
        Assert.DoesNotContain(_context.Requested, name => name.StartsWith("Microsoft.ML", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_CLI_score_command_never_loads_MlNet()
    {
        string input = Path.Combine(_dir.Path, "in.jsonl"), output = Path.Combine(_dir.Path, "out.jsonl");
        File.WriteAllText(input, """{"id": "a", "text": "We are replacing support roles with AI agents to cut costs."}""" + "\n");
        Assembly cli = _context.LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, "rhetoric.dll"));
        var run = (Task<int>)cli.GetType("RhetoricClassifier.Cli.CliApp")!.GetMethod("RunAsync")!
            .Invoke(null, [new[] { "score", input, "--no-split", "--explain", "--format", "jsonl", "--quiet", "--output", output }])!;

        Assert.Equal(0, await run);
        Assert.Contains("\"explain\"", File.ReadAllText(output));
        Assert.DoesNotContain(_context.Requested, name => name.StartsWith("Microsoft.ML", StringComparison.Ordinal));
    }

    [Fact]
    public void The_reference_path_does_load_MlNet()
    {
        // The control: the recording sees ML.NET when it is used, so its absence above means something.
        Assembly library = _context.LoadFromAssemblyPath(typeof(RhetoricModel).Assembly.Location);
        object model = library.GetType(typeof(RhetoricModel).FullName!)!.GetMethod(nameof(RhetoricModel.LoadDefault))!.Invoke(null, null)!;
        object core = model.GetType().GetProperty(nameof(RhetoricModel.Core), BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(model)!;
        var scores = (float[][])core.GetType().GetMethod("ScoreWithPredictionEngine")!.Invoke(core, [new List<string> { "Capex rose." }])!;

        Assert.Equal(RhetoricTags.Count, scores[0].Length);
        Assert.Contains("Microsoft.ML.FastTree", _context.Requested);
    }

    /// <summary>Loads the test output folder's assemblies again (the framework's are shared) and records each one asked for.</summary>
    private sealed class RecordingContext() : AssemblyLoadContext("rhetoric-isolated", isCollectible: true)
    {
        private readonly AssemblyDependencyResolver _resolver = new(typeof(MlNetIsolationTests).Assembly.Location);
        private readonly ConcurrentQueue<string> _requested = new();

        public IReadOnlyCollection<string> Requested => _requested;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            _requested.Enqueue(assemblyName.Name!);
            string? path = _resolver.ResolveAssemblyToPath(assemblyName);
            return path is null ? null : LoadFromAssemblyPath(path);
        }
    }
}
