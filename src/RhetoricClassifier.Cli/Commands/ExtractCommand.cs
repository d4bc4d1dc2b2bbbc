using System.Text;
using RhetoricClassifier.Cli.Input;
using RhetoricClassifier.Cli.Output;

namespace RhetoricClassifier.Cli.Commands;

/// <summary><c>rhetoric extract PATH...</c>: writes the text that <c>score</c> reads from each input, one <c>.txt</c> per input.</summary>
internal static class ExtractCommand
{
    public static async Task<int> RunAsync(CommandArgs cl, CancellationToken cancellationToken)
    {
        string? outputDir = cl.Get("--output");
        bool skipBad = cl.Has("--skip-bad");
        void Warn(string message) => Console.Error.WriteLine($"rhetoric: warning: {message}");
        if (cl.Positional.Count == 0)
        {
            throw new UsageException("'extract' needs at least one PATH: a file or a folder");
        }

        if (outputDir is not null && File.Exists(outputDir))
        {
            throw new UsageException($"{outputDir}: --output must be a folder, and this is a file");
        }

        List<(string Input, string Output)> plan = Plan(cl.Positional, outputDir, InputSet.FolderOptions(cl));
        var reads = plan.Select(p => (p.Input, "one of the inputs")).ToList();
        int bad = 0;
        foreach ((string input, string output) in plan)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IEnumerable<(TextDocument Part, long Offset)> parts = DocumentReader.FormatOf(input) is DocumentFileFormat.Html or DocumentFileFormat.Pdf or DocumentFileFormat.Docx
                ? InputSet.ReadDocumentParts(input, skipBad, Warn, n => bad += n, cancellationToken)
                : [(await ReadTextAsync(input, cancellationToken).ConfigureAwait(false), 0L)];
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            bool any = false;
            await using (OutputTarget file = OutputTarget.Open(output, reads))
            {
                // Large web pages come in parts joined by a blank line, so the whole text is never in memory.
                foreach ((TextDocument part, _) in parts)
                {
                    byte[] bytes = Encoding.UTF8.GetBytes(any ? "\n\n" + part.Text : part.Text);
                    await file.Stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                    any = true;
                }

                // A file skipped as bad leaves nothing behind: the temporary file goes with the target.
                if (!any)
                {
                    continue;
                }

                await file.CommitAsync().ConfigureAwait(false);
            }

            if (!cl.Has("--quiet"))
            {
                Console.WriteLine(output);
            }
        }

        if (bad > 0)
        {
            Warn($"{bad} unreadable file(s) skipped");
        }

        return ExitCodes.Success;
    }

    // Every output path, checked before anything is written: none may be an input, none may be written twice.
    private static List<(string Input, string Output)> Plan(IReadOnlyList<string> paths, string? outputDir, DocumentReaderOptions folderOptions)
    {
        var plan = new List<(string Input, string Output)>();
        InputSet inputs = InputSet.Resolve(paths, m => Console.Error.WriteLine($"rhetoric: warning: {m}"), folderOptions: folderOptions);
        foreach (string path in paths)
        {
            if (path == "-" || path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException($"{path}: 'extract' reads files and folders, not standard input or .jsonl records");
            }
        }

        foreach ((string input, _) in inputs.Items)
        {
            string? root = paths.FirstOrDefault(p => Directory.Exists(p) && IsUnder(input, p));
            string relative = root is null ? Path.GetFileName(input) : Path.GetRelativePath(root, input);
            string output = outputDir is null ? input + ".txt" : Path.Combine(outputDir, relative + ".txt");
            plan.Add((input, output));
        }

        var inputSet = new HashSet<string>(inputs.FilePaths, StringComparer.Ordinal);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string input, string output) in plan)
        {
            string full = Path.GetFullPath(output);
            if (inputSet.Contains(full))
            {
                throw new UsageException($"{output}: the text of {input} would overwrite an input; use --output DIR");
            }

            if (!seen.TryAdd(full, input))
            {
                throw new UsageException($"{output}: both {seen[full]} and {input} would be written here; extract them separately");
            }
        }

        return plan;
    }

    private static bool IsUnder(string file, string folder)
        => Path.GetFullPath(file).StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static async Task<TextDocument> ReadTextAsync(string path, CancellationToken cancellationToken)
    {
        FileStream stream = TextFileReader.Open(path);
        await using (stream.ConfigureAwait(false))
        {
            return await DocumentReader.Default.ReadAsync(stream, DocumentFileFormat.PlainText, path, cancellationToken).ConfigureAwait(false);
        }
    }
}
