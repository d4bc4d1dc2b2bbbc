using System.Runtime.InteropServices;
using RhetoricClassifier.Cli.Input;
using RhetoricClassifier.Cli.Output;

namespace RhetoricClassifier.Cli.Commands;

/// <summary><c>rhetoric score PATH...</c>: tags every sentence of the inputs and writes JSON Lines or CSV.</summary>
internal static class ScoreCommand
{
    public const string Help = """
        Usage: rhetoric score PATH... [options]

        Tags every sentence of the inputs. PATH is a file (.txt .md .html .htm .pdf .docx; other
        extensions are read as text), a folder (its .txt .md .html .htm .pdf .docx files, recursively,
        in a stable order; symbolic links inside it are not followed), a .jsonl file of
        {"id": "...", "text": "..."} records, or - for standard input. Web pages, PDFs and Word files are
        scored on the text a reader sees (menus, cookie banners, running headers and page numbers are
        left out); 'rhetoric extract' writes that text, to which start and length refer.

        Options:
          --model FILE          model to use (default: the built-in model)
          --format jsonl|csv|parquet
                                output format (default: jsonl); parquet needs --output FILE
          --output FILE         write here instead of standard output (written to a temporary
                                file and renamed when complete; devices and FIFOs are written
                                in place; never one of the inputs or the model)
          --no-split            score each input record (file or .jsonl line) as one sentence
          --summary             one record per document: sentence count, count and share per tag
          --include GLOB...     in folders, read only files matching a glob (e.g. '*.pdf',
                                'reports/**/*.htm'; a glob without '/' matches at any depth)
          --exclude GLOB...     in folders, leave out files matching a glob
          --skip-bad            skip malformed .jsonl lines and unreadable documents (damaged or
                                encrypted PDF, a .docx that is not a zip) with a warning instead of stopping
          --quiet               no progress display on standard error
          --shard I/N           score only shard I of N (0-based): the documents whose identity
                                (path relative to the folder named, or .jsonl record id) hashes
                                to I; N runs with I = 0..N-1 score exactly the unsharded run

        Sentence records: document, index, start, length, text, labels, scores.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var cl = CommandLine.Parse(args, "score", ["--model", "--format", "--output", "--shard", "--include", "--exclude"], ["--no-split", "--summary", "--skip-bad", "--quiet"], ["--include", "--exclude"]);
        string format = cl.GetChoice("--format", "jsonl", "jsonl", "csv", "parquet");
        string? outputPath = cl.Get("--output");
        bool summary = cl.Has("--summary");
        bool skipBad = cl.Has("--skip-bad");
        void Warn(string message) => Console.Error.WriteLine($"rhetoric: warning: {message}");

        InputSet inputs = InputSet.Resolve(cl.Positional, Warn, Shard.Parse(cl.Get("--shard")), InputSet.FolderOptions(cl));
        string? modelPath = cl.Get("--model");
        var reads = inputs.FilePaths.Select(p => (p, "one of the inputs"));
        if (modelPath is not null)
        {
            reads = reads.Append((modelPath, "the model"));
        }

        // Checked and opened before the model is loaded or anything is read: a bad --output costs nothing.
        await using OutputTarget output = OutputTarget.Open(outputPath, reads);
        if (format == "parquet" && !output.Stream.CanSeek)
        {
            throw new UsageException("--format parquet writes a binary file: give --output FILE (not standard output, a pipe or a device)");
        }

        RhetoricModel model = ModelResolver.Resolve(modelPath);
        BatchScorer scorer = model.CreateBatchScorer(new BatchScorerOptions { SplitSentences = !cl.Has("--no-split") });
        var formatter = new RecordFormatter(format);
        long totalBytes = inputs.FilePaths.Sum(p => new FileInfo(p).Length);
        var progress = ProgressReporter.Create(cl.Has("--quiet"), totalBytes);
        int bad = 0;

        ParquetRecordWriter? parquet = format == "parquet"
            ? await ParquetRecordWriter.CreateAsync(output.Stream, summary, cancellationToken).ConfigureAwait(false)
            : null;
        if (parquet is null)
        {
            await output.Stream.WriteAsync(formatter.Header(summary), cancellationToken).ConfigureAwait(false);
        }

        var documents = inputs.ReadAsync(skipBad, Warn, n => Interlocked.Add(ref bad, n), cancellationToken);
        if (summary)
        {
            var pending = new SummaryMerger(formatter, output.Stream, parquet);
            await foreach (var batch in scorer.ScoreBatchesAsync(documents, Summaries, cancellationToken).ConfigureAwait(false))
            {
                foreach (var (doc, docSummary, continues) in batch)
                {
                    await pending.AddAsync(doc.Id, docSummary, continues, cancellationToken).ConfigureAwait(false);
                    progress.Add(continues ? 0 : 1, docSummary.SentenceCount, doc.Text.Length);
                }
            }

            await pending.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await foreach (var (bytes, batch) in scorer.ScoreBatchesAsync(documents, b => (parquet is null ? formatter.Sentences(b) : [], b), cancellationToken).ConfigureAwait(false))
            {
                if (parquet is not null)
                {
                    await parquet.AddAsync(batch, cancellationToken).ConfigureAwait(false);
                }

                await output.Stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                progress.Add(batch.Documents.Count(d => !IsContinuation(d)), batch.Sentences.Length, batch.Documents.Sum(d => (long)d.Text.Length));
            }
        }

        if (parquet is not null)
        {
            await parquet.FlushAsync(cancellationToken).ConfigureAwait(false);
            await parquet.DisposeAsync().ConfigureAwait(false); // writes the footer
        }

        progress.Finish();
        await output.CommitAsync().ConfigureAwait(false);
        if (bad > 0)
        {
            Warn($"{bad} malformed line(s) or unreadable file(s) skipped");
        }

        return ExitCodes.Success;
    }

    // A later part of a large file read in parts (the first part stands for the document).
    private static bool IsContinuation(TextDocument doc) => TextFileReader.Parts.TryGetValue(doc, out var part) && part.Offset > 0;

    private static List<(TextDocument Doc, DocumentSummary Summary, bool Continues)> Summaries(ScoredBatch batch)
        => batch.ByDocument()
            .Select(d => (d.Document, DocumentSummary.FromTags(MemoryMarshal.ToEnumerable(d.Sentences).Select(s => s.Tags)), IsContinuation(d.Document)))
            .ToList();

    // Parts of one large file arrive as consecutive documents: add their counts up before writing.
    private sealed class SummaryMerger(RecordFormatter formatter, Stream output, ParquetRecordWriter? parquet)
    {
        private string? _id;
        private DocumentSummary? _summary;

        public async Task AddAsync(string id, DocumentSummary summary, bool continues, CancellationToken cancellationToken)
        {
            if (continues && _summary is not null && _id == id)
            {
                _summary = new DocumentSummary(
                    _summary.SentenceCount + summary.SentenceCount,
                    _summary.AiJustificationCount + summary.AiJustificationCount,
                    _summary.CostCapexCount + summary.CostCapexCount,
                    _summary.HumanImpactCount + summary.HumanImpactCount,
                    _summary.UntaggedCount + summary.UntaggedCount);
                return;
            }

            await FlushAsync(cancellationToken).ConfigureAwait(false);
            _id = id;
            _summary = summary;
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_summary is not null)
            {
                if (parquet is not null)
                {
                    await parquet.AddAsync(_id!, _summary, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await output.WriteAsync(formatter.Summary(_id!, _summary), cancellationToken).ConfigureAwait(false);
                }

                _summary = null;
            }
        }
    }
}
