using Parquet;
using Parquet.Schema;
using RhetoricClassifier.Cli.Input;

namespace RhetoricClassifier.Cli.Output;

/// <summary>
/// Writes sentence records or document summaries as one Parquet file with typed columns, so that millions of
/// scored sentences load straight into DuckDB, pandas or Spark. Sentences: <c>document</c> (string),
/// <c>index</c> (int32), <c>start</c> (int64), <c>length</c> (int32), <c>text</c> (string), and per tag a boolean
/// column named by the tag id and a float column <c>&lt;id&gt;_score</c>. Summaries: <c>document</c>,
/// <c>sentences</c>, per tag the count (int32, named by the id) and <c>&lt;id&gt;_share</c> (double). Rows are
/// buffered into row groups of <see cref="RowGroupSize"/>, so memory stays bounded however large the run.
/// </summary>
internal sealed class ParquetRecordWriter : IAsyncDisposable
{
    public const int RowGroupSize = 100_000;

    // Never null: marked required, so readers type them NOT NULL like the numeric columns.
    private static readonly DataField<string> Document = new("document", nullable: false);
    private static readonly DataField<int> Index = new("index");
    private static readonly DataField<long> Start = new("start");
    private static readonly DataField<int> Length = new("length");
    private static readonly DataField<string> Text = new("text", nullable: false);
    private static readonly DataField<bool>[] Flags = RhetoricTags.All.Select(t => new DataField<bool>(t.Id())).ToArray();
    private static readonly DataField<float>[] Scores = RhetoricTags.All.Select(t => new DataField<float>(t.Id() + "_score")).ToArray();
    private static readonly DataField<int> Sentences = new("sentences");
    private static readonly DataField<int>[] Counts = RhetoricTags.All.Select(t => new DataField<int>(t.Id())).ToArray();
    private static readonly DataField<double>[] Shares = RhetoricTags.All.Select(t => new DataField<double>(t.Id() + "_share")).ToArray();

    private readonly ParquetWriter _writer;
    private readonly bool _summary;
    private readonly List<string> _documents = [];
    private readonly List<int> _ints = [];            // index (sentences) or sentence count (summaries)
    private readonly List<long> _starts = [];
    private readonly List<int> _lengths = [];
    private readonly List<string> _texts = [];
    private readonly List<bool>[] _flags = RhetoricTags.All.Select(_ => new List<bool>()).ToArray();
    private readonly List<float>[] _scores = RhetoricTags.All.Select(_ => new List<float>()).ToArray();
    private readonly List<int>[] _counts = RhetoricTags.All.Select(_ => new List<int>()).ToArray();
    private readonly List<double>[] _shares = RhetoricTags.All.Select(_ => new List<double>()).ToArray();

    private ParquetRecordWriter(ParquetWriter writer, bool summary)
    {
        _writer = writer;
        _summary = summary;
    }

    public static async Task<ParquetRecordWriter> CreateAsync(Stream stream, bool summary, CancellationToken cancellationToken)
    {
        Field[] fields = summary
            ? [Document, Sentences, .. Counts, .. Shares]
            : [Document, Index, Start, Length, Text, .. Flags, .. Scores];
        ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new ParquetRecordWriter(writer, summary);
    }

    /// <summary>Adds the sentences of one scored batch (offsets of files read in parts are made file-relative).</summary>
    public async Task AddAsync(ScoredBatch batch, CancellationToken cancellationToken)
    {
        TextDocument? current = null;
        TextFileReader.PartInfo? part = null;
        for (int i = 0; i < batch.Sentences.Length; i++)
        {
            ScoredSentence s = batch.Sentences.Span[i];
            TextDocument doc = batch.Documents[(int)(s.DocumentIndex - batch.FirstDocumentIndex)];
            if (!ReferenceEquals(doc, current))
            {
                current = doc;
                part = TextFileReader.PartOf(doc);
            }

            _documents.Add(s.DocumentId);
            _ints.Add(s.Index + (part?.FirstSentence ?? 0));
            _starts.Add(s.Start + (part?.Offset ?? 0));
            _lengths.Add(s.Length);
            _texts.Add(s.Text.ToString());
            foreach (RhetoricTag t in RhetoricTags.All)
            {
                _flags[(int)t].Add(s.Tags.Contains(t));
                _scores[(int)t].Add(s.Scores[t]);
            }
        }

        if (_documents.Count >= RowGroupSize)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Adds one document summary.</summary>
    public async Task AddAsync(string document, DocumentSummary summary, CancellationToken cancellationToken)
    {
        _documents.Add(document);
        _ints.Add(summary.SentenceCount);
        foreach (RhetoricTag t in RhetoricTags.All)
        {
            _counts[(int)t].Add(summary.Count(t));
            _shares[(int)t].Add(summary.Share(t));
        }

        if (_documents.Count >= RowGroupSize)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the buffered rows as a row group.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_documents.Count == 0)
        {
            return;
        }

        using (ParquetRowGroupWriter group = _writer.CreateRowGroup())
        {
            await group.WriteAsync(Document, _documents).ConfigureAwait(false);
            if (_summary)
            {
                await group.WriteAsync<int>(Sentences, _ints.ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (RhetoricTag t in RhetoricTags.All)
                {
                    await group.WriteAsync<int>(Counts[(int)t], _counts[(int)t].ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
                }

                foreach (RhetoricTag t in RhetoricTags.All)
                {
                    await group.WriteAsync<double>(Shares[(int)t], _shares[(int)t].ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                await group.WriteAsync<int>(Index, _ints.ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
                await group.WriteAsync<long>(Start, _starts.ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
                await group.WriteAsync<int>(Length, _lengths.ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
                await group.WriteAsync(Text, _texts).ConfigureAwait(false);
                foreach (RhetoricTag t in RhetoricTags.All)
                {
                    await group.WriteAsync<bool>(Flags[(int)t], _flags[(int)t].ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
                }

                foreach (RhetoricTag t in RhetoricTags.All)
                {
                    await group.WriteAsync<float>(Scores[(int)t], _scores[(int)t].ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }

            group.CompleteValidate();
        }

        foreach (System.Collections.IList list in new System.Collections.IList[] { _documents, _ints, _starts, _lengths, _texts }.Concat(_flags).Concat(_scores).Concat(_counts).Concat(_shares))
        {
            list.Clear();
        }
    }

    public async ValueTask DisposeAsync() => await _writer.DisposeAsync().ConfigureAwait(false);
}
