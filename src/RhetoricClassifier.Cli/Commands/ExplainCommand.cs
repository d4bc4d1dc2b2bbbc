using Spectre.Console;
using RhetoricClassifier.Cli.Output;

namespace RhetoricClassifier.Cli.Commands;

/// <summary><c>rhetoric explain "sentence"</c>: which words pushed each tag up or down, and by how much.</summary>
internal static class ExplainCommand
{
    public static int Run(CommandArgs cl, CancellationToken cancellationToken)
    {
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
                throw new UsageException($"{file}: no such file");
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
