using System.Runtime.InteropServices;
using RhetoricClassifier.Cli.Input;
using RhetoricClassifier.Cli.Output;
using RhetoricClassifier.Cli.Report;

namespace RhetoricClassifier.Cli.Commands;

/// <summary><c>rhetoric score PATH...</c>: tags every sentence of the inputs and writes JSON Lines or CSV.</summary>
internal static class ScoreCommand
{
    public static async Task<int> RunAsync(CommandArgs cl, CancellationToken cancellationToken)
    {
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
        long totalBytes = 0;
        foreach (string path in inputs.FilePaths)
        {
            totalBytes += new FileInfo(path).Length;
        }

        var progress = ProgressReporter.Create(cl.Has("--quiet") || !LeavesTheTerminalToProgress(toTerminal, format, summary), totalBytes);
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
            await foreach (var (records, batch, documentCount, chars) in scorer.ScoreBatchesAsync(documents, b => Formatted(b, parquet is null ? formatter : null), cancellationToken)
                .ConfigureAwait(false))
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
        progress.Finish(); // before the summary table or the report: the progress line is done, not drawn below them
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

    /// <summary>
    /// Whether a progress line on standard error can share the terminal with the results: not when the results go to
    /// the same terminal as they are scored (records, the sentence table), since the line would break them up; yes when
    /// they go to a file or pipe, or come all at the end (the summary table, the HTML report).
    /// </summary>
    internal static bool LeavesTheTerminalToProgress(bool resultsToTerminal, string format, bool summary)
        => !resultsToTerminal || format == "html" || (format == "table" && summary);

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

    // One scored batch with its records formatted on the worker. A class rather than a tuple: the batch scorer's
    // pipeline is generic in this type, and over a reference type it runs the library's precompiled shared code,
    // while a tuple holding an int and a long made the JIT compile the whole pipeline in every process.
    private sealed record FormattedBatch(PooledBufferWriter? Records, ScoredBatch Batch, int DocumentCount, long Chars);

    // The batch's records (unless written another way) and its counts for the progress line: a plain loop over the documents,
    // as LINQ's Count and Sum went through the list's enumerator interface once per document (0.4% of a scoring run).
    private static FormattedBatch Formatted(ScoredBatch batch, RecordFormatter? formatter)
    {
        int documents = 0;
        long chars = 0;
        IReadOnlyList<TextDocument> list = batch.Documents;
        for (int i = 0; i < list.Count; i++)
        {
            documents += TextFileReader.IsContinuation(list[i]) ? 0 : 1;
            chars += list[i].Text.Length;
        }

        return new FormattedBatch(formatter?.Sentences(batch), batch, documents, chars);
    }
}
