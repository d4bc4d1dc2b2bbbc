using System.Text.Json;
using RhetoricClassifier.Cli.Output;
using RhetoricClassifier.Training;

namespace RhetoricClassifier.Cli.Commands;

/// <summary><c>rhetoric eval</c>: precision, recall and F1 of a model on labelled data.</summary>
internal static class EvalCommand
{
    public static int Run(CommandArgs cl, CancellationToken cancellationToken)
    {
        string format = cl.GetChoice("--format", "table", "table", "json", "csv");
        var data = DataPaths.Read(cl.All("--data"), includeTestFiles: true);
        RhetoricModel model = ModelResolver.Resolve(cl.Get("--model"));
        EvaluationReport report = model.Evaluate(data, cancellationToken);
        Console.WriteLine(format switch { "json" => ToJson(report), "csv" => ToCsv(report), _ => report.ToTable() });
        return ExitCodes.Success;
    }

    public static string ToJson(EvaluationReport report)
    {
        return JsonText.WriteText(json =>
        {
            json.WriteStartObject();
            json.WriteNumber("examples", report.ExampleCount);
            json.WriteStartObject("tags");
            foreach (TagMetrics t in report.Tags)
            {
                json.WriteStartObject(t.Tag.Id());
                json.WriteNumber("support", t.Support);
                json.WriteNumber("precision", Math.Round(t.Precision, 4));
                json.WriteNumber("recall", Math.Round(t.Recall, 4));
                json.WriteNumber("f1", Math.Round(t.F1, 4));
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteNumber("micro_f1", Math.Round(report.MicroF1, 4));
            json.WriteNumber("macro_f1", Math.Round(report.MacroF1, 4));
            json.WriteEndObject();
        }, new JsonWriterOptions { Indented = true });
    }

    /// <summary>One row per tag, then the micro and macro averages (their precision and recall left empty).</summary>
    public static string ToCsv(EvaluationReport report)
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        var lines = new List<string> { "tag,support,precision,recall,f1" };
        lines.AddRange(report.Tags.Select(t => string.Create(ci, $"{t.Tag.Id()},{t.Support},{t.Precision:0.####},{t.Recall:0.####},{t.F1:0.####}")));
        lines.Add(string.Create(ci, $"micro,{report.ExampleCount},,,{report.MicroF1:0.####}"));
        lines.Add(string.Create(ci, $"macro,{report.ExampleCount},,,{report.MacroF1:0.####}"));
        return string.Join('\n', lines);
    }
}
