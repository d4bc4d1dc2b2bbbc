using System.Runtime.InteropServices;
using RhetoricClassifier.Cli.Input;
using RhetoricClassifier.Cli.Output;
using RhetoricClassifier.Cli.Report;

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
          --format FORMAT       jsonl, csv, parquet (needs --output FILE), table (coloured sentences
                                and tags for people) or html (a self-contained report; use with
                                --output); default: table when standard output is a terminal,
                                jsonl otherwise
          --explain             jsonl: add an "explain" object to each sentence record (per tag,
                                base log-odds and word weights); table: the strongest words
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
          --csv-raw             write CSV cells exactly; by default a cell starting with = + - @,
                                tab or carriage return gets a leading ' so spreadsheets do not run it
          --shard I/N           score only shard I of N (0-based): the documents whose identity
                                (path relative to the folder named, or .jsonl record id) hashes
                                to I; N runs with I = 0..N-1 score exactly the unsharded run

        Sentence records: document, index, start, length, text, labels, scores.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var cl = CommandLine.Parse(args, "score", ["--model", "--format", "--output", "--shard", "--include", "--exclude"], ["--no-split", "--summary", "--skip-bad", "--quiet", "--explain", "--csv-raw"], ["--include", "--exclude"]);
        string? outputPath = cl.Get("--output");
        bool toTerminal = outputPath is null && !Console.IsOutputRedirected;
        string format = cl.GetChoice("--format", toTerminal ? "table" : "jsonl", "jsonl", "csv", "parquet", "table", "html");
        bool explain = cl.Has("--explain");
        if (explain && format is "csv" or "parquet")
        {
            throw new UsageException($"--explain works with --format jsonl, table or html, not {format}");
        }

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
        var formatter = new RecordFormatter(format, cl.Has("--csv-raw")) { Explainer = explain && format == "jsonl" ? model : null };
        long totalBytes = inputs.FilePaths.Sum(p => new FileInfo(p).Length);
        var progress = ProgressReporter.Create(cl.Has("--quiet"), totalBytes);
        int bad = 0;

        ParquetRecordWriter? parquet = format == "parquet"
            ? await ParquetRecordWriter.CreateAsync(output.Stream, summary, cancellationToken).ConfigureAwait(false)
            : null;
        if (parquet is null && format is not ("table" or "html"))
        {
            await output.Stream.WriteAsync(formatter.Header(summary), cancellationToken).ConfigureAwait(false);
        }

        var documents = inputs.ReadAsync(skipBad, Warn, n => Interlocked.Add(ref bad, n), cancellationToken);
        if (format is "table" or "html")
        {
            await HumanViewAsync(format, summary, explain, toTerminal, scorer, model, modelPath, cl.Positional, documents, output, progress, cancellationToken).ConfigureAwait(false);
        }
        else if (summary)
        {
            var pending = new SummaryMerger((id, s, ct) => parquet is not null ? parquet.AddAsync(id, s, ct) : output.Stream.WriteAsync(formatter.Summary(id, s), ct).AsTask());
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
            // Formatting and the progress counts run on the worker that scored the batch; this loop only writes.
            await foreach (var (records, batch, documentCount, chars) in scorer.ScoreBatchesAsync(documents, b => (parquet is null ? formatter.Sentences(b) : null, b,
                b.Documents.Count(d => !TextFileReader.IsContinuation(d)), b.Documents.Sum(d => (long)d.Text.Length)), cancellationToken).ConfigureAwait(false))
            {
                if (parquet is not null)
                {
                    await parquet.AddAsync(batch, cancellationToken).ConfigureAwait(false);
                }

                if (records is not null)
                {
                    using (records)
                    {
                        await output.Stream.WriteAsync(records.WrittenMemory, cancellationToken).ConfigureAwait(false);
                    }
                }

                progress.Add(documentCount, batch.Sentences.Length, chars);
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

    // The views for people: the terminal table (streamed document by document, or the summary table at the
    // end) and the HTML report (built in memory, written at the end). Explanations are computed on the
    // scorer's worker threads.
    private static async Task HumanViewAsync(string format, bool summary, bool explain, bool toTerminal, BatchScorer scorer, RhetoricModel model,
        string? modelPath, IReadOnlyList<string> inputNames, IAsyncEnumerable<TextDocument> documents, OutputTarget output, ProgressReporter progress,
        CancellationToken cancellationToken)
    {
        bool html = format == "html";
        RhetoricModel? explainer = html || (explain && !summary) ? model : null;
        var report = html ? new HtmlReport(model, modelPath, inputNames) : null;
        using var view = html ? null : new TerminalView(output.Stream, toTerminal, model);
        var summaries = new List<(string Id, DocumentSummary Summary)>();
        var merger = new SummaryMerger((id, s, _) =>
        {
            summaries.Add((id, s));
            return Task.CompletedTask;
        });
        if (view is not null && !summary)
        {
            view.Legend();
        }

        await foreach (var batch in scorer.ScoreBatchesAsync(documents, b => ReportDocument.FromBatch(b, explainer), cancellationToken).ConfigureAwait(false))
        {
            foreach (ReportDocument doc in batch)
            {
                var docSummary = DocumentSummary.FromTags(doc.Sentences.Select(s => s.Tags));
                await merger.AddAsync(doc.Id, docSummary, doc.Continues, cancellationToken).ConfigureAwait(false);
                report?.Add(doc);
                if (view is not null && !summary)
                {
                    view.Document(doc);
                }

                progress.Add(doc.Continues ? 0 : 1, doc.Sentences.Count, doc.Text.Length);
            }
        }

        await merger.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (view is not null && summary)
        {
            view.Summary(summaries);
        }

        view?.Flush();
        if (report is not null)
        {
            await report.WriteAsync(output.Stream, cancellationToken).ConfigureAwait(false);
        }
    }

    private static List<(TextDocument Doc, DocumentSummary Summary, bool Continues)> Summaries(ScoredBatch batch)
        => batch.ByDocument()
            .Select(d => (d.Document, DocumentSummary.FromTags(MemoryMarshal.ToEnumerable(d.Sentences).Select(s => s.Tags)), TextFileReader.IsContinuation(d.Document)))
            .ToList();

    // Parts of one large file arrive as consecutive documents: add their counts up before writing.
    private sealed class SummaryMerger(Func<string, DocumentSummary, CancellationToken, Task> write)
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
                await write(_id!, _summary, cancellationToken).ConfigureAwait(false);
                _summary = null;
            }
        }
    }
}
