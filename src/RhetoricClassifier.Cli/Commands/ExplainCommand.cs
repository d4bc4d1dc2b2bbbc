using Spectre.Console;
using RhetoricClassifier.Cli.Input;
using RhetoricClassifier.Cli.Output;

namespace RhetoricClassifier.Cli.Commands;

/// <summary><c>rhetoric explain "sentence"</c>: which words pushed each tag up or down, and by how much.</summary>
internal static class ExplainCommand
{
    public static async Task<int> RunAsync(CommandArgs cl, CancellationToken cancellationToken)
    {
        string? file = cl.Get("--file");
        if (cl.Positional.Count == 0 && file is null)
        {
            throw new UsageException("give a sentence to explain (in quotes) or --file FILE (see 'rhetoric explain --help')");
        }

        if (file is not null && Directory.Exists(file))
        {
            throw new UsageException($"{file}: --file names a folder; give one file (or - for standard input)");
        }

        if (file is not null && file != "-" && !File.Exists(file))
        {
            throw new UsageException($"{file}: no such file");
        }

        // --file is read as 'score' reads its inputs (web pages, PDFs, Word files, standard input, binary files
        // skipped, large files in parts), so /dev/zero or a 1 GB file cannot exhaust memory.
        InputSet? inputs = file is null ? null : InputSet.Resolve([file], Warn);
        RhetoricModel model = ModelResolver.Resolve(cl.Get("--model"));
        using var view = new TerminalView(Console.OpenStandardOutput(), !Console.IsOutputRedirected, model);
        view.Legend();
        view.Console.WriteLine();
        foreach (string sentence in cl.Positional)
        {
            cancellationToken.ThrowIfCancellationRequested();
            view.Explanation(model.Explain(sentence));
        }

        if (inputs is not null)
        {
            await foreach (TextDocument document in inputs.ReadAsync(skipBad: false, Warn, _ => { }, cancellationToken).ConfigureAwait(false))
            {
                var spans = new List<SentenceSpan>();
                model.Segmenter.Segment(document.Text, spans, cancellationToken);
                foreach (SentenceSpan span in spans)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    view.Explanation(model.Explain(document.Text.AsSpan(span.Start, span.Length)));
                }
            }
        }

        view.Flush();
        return ExitCodes.Success;
    }

    private static void Warn(string message) => Console.Error.WriteLine($"rhetoric: warning: {message}");
}
