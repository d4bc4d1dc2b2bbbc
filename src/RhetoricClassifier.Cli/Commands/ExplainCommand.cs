using Spectre.Console;
using RhetoricClassifier.Cli.Output;

namespace RhetoricClassifier.Cli.Commands;

/// <summary><c>rhetoric explain "sentence"</c>: which words pushed each tag up or down, and by how much.</summary>
internal static class ExplainCommand
{
    public const string Help = """
        Usage: rhetoric explain "SENTENCE"... [--file FILE] [--model FILE]

        Explains each sentence (or each sentence of FILE, split as 'score' splits it): for every tag,
        the probability, whether it is tagged, the sentence with the words that pushed the tag up
        (green) or down (red), and the strongest words with their weights. Weights are exact Shapley
        values in log-odds: the base (the empty sentence) plus all weights is ln(p / (1 - p)).
        """;

    public static int Run(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var cl = CommandLine.Parse(args, "explain", ["--file", "--model"], []);
        var sentences = new List<string>(cl.Positional);
        string? file = cl.Get("--file");
        if (sentences.Count == 0 && file is null)
        {
            throw new UsageException("give a sentence to explain (in quotes) or --file FILE (see 'rhetoric explain --help')");
        }

        RhetoricModel model = ModelResolver.Resolve(cl.Get("--model"));
        if (file is not null)
        {
            if (!File.Exists(file))
            {
                throw new UsageException($"{file}: file not found");
            }

            string text = File.ReadAllText(file);
            sentences.AddRange(model.Segmenter.Segment(text).Select(s => text.Substring(s.Start, s.Length)));
        }
        using var view = new TerminalView(Console.OpenStandardOutput(), !Console.IsOutputRedirected, model);
        view.Legend();
        view.Console.WriteLine();
        foreach (string sentence in sentences)
        {
            cancellationToken.ThrowIfCancellationRequested();
            view.Explanation(model.Explain(sentence));
        }

        view.Flush();
        return ExitCodes.Success;
    }
}
