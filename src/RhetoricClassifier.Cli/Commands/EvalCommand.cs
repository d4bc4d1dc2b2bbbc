using System.Text.Json;
using RhetoricClassifier.Training;

namespace RhetoricClassifier.Cli.Commands;

/// <summary><c>rhetoric eval</c>: precision, recall and F1 of a model on labelled data.</summary>
internal static class EvalCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public const string Help = """
        Usage: rhetoric eval --data FILE... [--model FILE] [--format table|json]

        Scores each labelled sentence (as one sentence, without splitting) and reports precision,
        recall and F1 per tag, and micro- and macro-F1. Folders are expanded as for 'train' but
        keep their test files.
        """;

    public static int Run(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var cl = CommandLine.Parse(args, "eval", ["--data", "--model", "--format"], [], ["--data"]);
        string format = cl.GetChoice("--format", "table", "table", "json");
        var data = DataPaths.Read(cl.All("--data"), includeTestFiles: true);
        RhetoricModel model = ModelResolver.Resolve(cl.Get("--model"));
        EvaluationReport report = model.Evaluate(data, cancellationToken);
        Console.WriteLine(format == "json" ? ToJson(report) : report.ToTable());
        return ExitCodes.Success;
    }

    public static string ToJson(EvaluationReport report)
    {
        var obj = new Dictionary<string, object>
        {
            ["examples"] = report.ExampleCount,
            ["tags"] = report.Tags.ToDictionary(t => t.Tag.Id(), t => new
            {
                support = t.Support,
                precision = Math.Round(t.Precision, 4),
                recall = Math.Round(t.Recall, 4),
                f1 = Math.Round(t.F1, 4),
            }),
            ["microF1"] = Math.Round(report.MicroF1, 4),
            ["macroF1"] = Math.Round(report.MacroF1, 4),
        };
        return JsonSerializer.Serialize(obj, Indented);
    }
}
