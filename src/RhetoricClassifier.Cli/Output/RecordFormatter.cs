using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RhetoricClassifier.Cli.Input;

namespace RhetoricClassifier.Cli.Output;

/// <summary>
/// Formats scored sentences and document summaries as JSON Lines or CSV bytes. Sentence formatting runs on
/// the scorer's worker threads, one batch at a time.
/// </summary>
internal sealed class RecordFormatter(string format, bool csvRaw = false)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private static readonly string[] TagIds = RhetoricTags.All.Select(t => t.Id()).ToArray();
    private static readonly JsonEncodedText[] TagNames = TagIds.Select(id => JsonEncodedText.Encode(id)).ToArray();

    public bool IsCsv => format == "csv";

    /// <summary>When set, every JSON sentence record also gets an <c>explain</c> object computed with this model.</summary>
    public RhetoricModel? Explainer { get; init; }

    public byte[] Header(bool summary)
    {
        if (!IsCsv)
        {
            return [];
        }

        string header = summary
            ? "document,sentences," + string.Join(',', TagIds) + "," + string.Join(',', TagIds.Select(t => t + "_share"))
            : "document,index,start,length,text,labels," + string.Join(',', TagIds);
        return Encoding.UTF8.GetBytes(header + "\n");
    }

    /// <summary>
    /// The sentence records of one scored batch, in a pooled buffer: the caller writes it out and disposes it.
    /// </summary>
    /// <remarks>
    /// JSON goes through <see cref="Utf8JsonWriter"/> (its escaping and shortest round-trip numbers define the
    /// output), reused per thread; CSV is written as UTF-8 directly, numbers formatted into the buffer.
    /// </remarks>
    public PooledBufferWriter Sentences(ScoredBatch batch)
    {
        var buffer = new PooledBufferWriter(Math.Max(256, batch.Sentences.Length * 256));
        ReadOnlySpan<ScoredSentence> sentences = batch.Sentences.Span;
        Utf8JsonWriter? json = IsCsv ? null : RentWriter(buffer);
        TextDocument? current = null;
        TextFileReader.PartInfo? part = null;
        foreach (ref readonly ScoredSentence s in sentences)
        {
            TextDocument doc = batch.Documents[(int)(s.DocumentIndex - batch.FirstDocumentIndex)];
            if (!ReferenceEquals(doc, current))
            {
                current = doc;
                part = TextFileReader.PartOf(doc);
            }

            long start = s.Start + (part?.Offset ?? 0);
            int index = s.Index + (part?.FirstSentence ?? 0);
            if (json is null)
            {
                WriteCsv(buffer, s, index, start);
                continue;
            }

            json.Reset();
            json.WriteStartObject();
            json.WriteString("document"u8, s.DocumentId);
            json.WriteNumber("index"u8, index);
            json.WriteNumber("start"u8, start);
            json.WriteNumber("length"u8, s.Length);
            json.WriteString("text"u8, s.Text.Span);
            json.WriteStartArray("labels"u8);
            foreach (RhetoricTag t in RhetoricTags.All)
            {
                if (s.Tags.Contains(t))
                {
                    json.WriteStringValue(TagNames[(int)t]);
                }
            }

            json.WriteEndArray();
            json.WriteStartObject("scores"u8);
            foreach (RhetoricTag t in RhetoricTags.All)
            {
                WriteScore(json, TagNames[(int)t], s.Scores[t]);
            }

            json.WriteEndObject();
            if (Explainer is not null)
            {
                WriteExplanation(json, Explainer.Explain(s.Text.Span), start);
            }

            json.WriteEndObject();
            json.Flush();
            buffer.Write((byte)'\n');
        }

        return buffer;
    }

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    // One writer per worker thread, pointed at each batch's buffer in turn.
    private static Utf8JsonWriter RentWriter(PooledBufferWriter buffer)
    {
        Utf8JsonWriter? json = t_writer;
        if (json is null)
        {
            json = new Utf8JsonWriter(buffer, WriterOptions);
            t_writer = json;
        }
        else
        {
            json.Reset(buffer);
        }

        return json;
    }

    // document,index,start,length,text,labels,<score per tag>
    private void WriteCsv(PooledBufferWriter buffer, in ScoredSentence s, int index, long start)
    {
        WriteCsvCell(buffer, s.DocumentId);
        buffer.Write((byte)',');
        WriteNumber(buffer, index);
        buffer.Write((byte)',');
        WriteNumber(buffer, start);
        buffer.Write((byte)',');
        WriteNumber(buffer, s.Length);
        buffer.Write((byte)',');
        WriteCsvCell(buffer, s.Text.Span);
        buffer.Write((byte)',');
        bool first = true;
        foreach (RhetoricTag t in RhetoricTags.All)
        {
            if (s.Tags.Contains(t))
            {
                if (!first)
                {
                    buffer.Write((byte)';');
                }

                buffer.Write(TagIdBytes[(int)t]);
                first = false;
            }
        }

        foreach (RhetoricTag t in RhetoricTags.All)
        {
            buffer.Write((byte)',');
            int written = ProbabilityText.TryWrite(s.Scores[t], buffer.GetSpan(ProbabilityText.MaxLength));
            if (written > 0)
            {
                buffer.Advance(written);
            }
            else
            {
                WriteNumber(buffer, s.Scores[t], "R");
            }
        }

        buffer.Write((byte)'\n');
    }

    private static readonly byte[][] TagIdBytes = TagIds.Select(Encoding.UTF8.GetBytes).ToArray();

    // A probability as WriteNumber writes it: ProbabilityText's bytes where it has them (the same text, found faster).
    private static void WriteScore(Utf8JsonWriter json, JsonEncodedText name, float score)
    {
        Span<byte> text = stackalloc byte[ProbabilityText.MaxLength];
        int written = ProbabilityText.TryWrite(score, text);
        if (written == 0)
        {
            json.WriteNumber(name, score);
            return;
        }

        json.WritePropertyName(name);
        json.WriteRawValue(text[..written], skipInputValidation: true);
    }

    private static void WriteNumber<T>(PooledBufferWriter buffer, T value, string? format = null)
        where T : IUtf8SpanFormattable
    {
        Span<byte> span = buffer.GetSpan(32);
        if (!value.TryFormat(span, out int written, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"a number did not fit in 32 bytes: {value}");
        }

        buffer.Advance(written);
    }

    // As Csv(string) below, written as UTF-8 without building strings: the formula guard, then the cell,
    // quoted with its quotes doubled when it holds a comma, a quote or a line break.
    private void WriteCsvCell(PooledBufferWriter buffer, ReadOnlySpan<char> value)
    {
        bool guard = NeedsFormulaGuard(value);
        if (!guard && value.IndexOfAny(CsvSpecial) < 0)
        {
            WriteUtf8(buffer, value);
            return;
        }

        bool quote = value.IndexOfAny(CsvSpecial) >= 0;
        if (quote)
        {
            buffer.Write((byte)'"');
        }

        if (guard)
        {
            buffer.Write((byte)'\'');
        }

        if (!quote)
        {
            WriteUtf8(buffer, value);
            return;
        }

        while (true)
        {
            int q = value.IndexOf('"');
            if (q < 0)
            {
                WriteUtf8(buffer, value);
                break;
            }

            WriteUtf8(buffer, value[..(q + 1)]);
            buffer.Write((byte)'"');
            value = value[(q + 1)..];
        }

        buffer.Write((byte)'"');
    }

    private static readonly SearchValues<char> CsvSpecial = SearchValues.Create(",\"\n\r");

    // Invalid UTF-16 (a lone surrogate) becomes U+FFFD, as Encoding.UTF8 always did for the whole record.
    private static void WriteUtf8(PooledBufferWriter buffer, ReadOnlySpan<char> value)
    {
        Span<byte> span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length));
        buffer.Advance(Encoding.UTF8.GetBytes(value, span));
    }

    private bool NeedsFormulaGuard(ReadOnlySpan<char> value) => !csvRaw && value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>One summary record.</summary>
    public byte[] Summary(string document, DocumentSummary summary)
    {
        if (IsCsv)
        {
            var sb = new StringBuilder();
            sb.Append(Csv(document)).Append(',').Append(summary.SentenceCount.ToString(CultureInfo.InvariantCulture));
            foreach (RhetoricTag t in RhetoricTags.All)
            {
                sb.Append(',').Append(summary.Count(t).ToString(CultureInfo.InvariantCulture));
            }

            foreach (RhetoricTag t in RhetoricTags.All)
            {
                sb.Append(',').Append(summary.Share(t).ToString("0.####", CultureInfo.InvariantCulture));
            }

            return Encoding.UTF8.GetBytes(sb.Append('\n').ToString());
        }

        ArrayBufferWriter<byte> buffer = JsonText.Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("document"u8, document);
            json.WriteNumber("sentences"u8, summary.SentenceCount);
            json.WriteStartObject("counts"u8);
            foreach (RhetoricTag t in RhetoricTags.All)
            {
                json.WriteNumber(TagNames[(int)t], summary.Count(t));
            }

            json.WriteEndObject();
            json.WriteStartObject("shares"u8);
            foreach (RhetoricTag t in RhetoricTags.All)
            {
                json.WriteNumber(TagNames[(int)t], Math.Round(summary.Share(t), 4));
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }, WriterOptions);
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    // "explain": {"<tag id>": {"base": b, "words": [{"start", "length", "text", "weight"}]}}, word offsets in
    // the document like the sentence's own start; words with weight 0 are left out.
    private static void WriteExplanation(Utf8JsonWriter json, SentenceExplanation explanation, long sentenceStart)
    {
        json.WriteStartObject("explain"u8);
        foreach (TagExplanation tag in explanation.Tags)
        {
            json.WriteStartObject(TagNames[(int)tag.Tag]);
            json.WriteNumber("base"u8, tag.Base);
            json.WriteStartArray("words"u8);
            foreach (WordWeight w in tag.Words)
            {
                if (w.Weight == 0)
                {
                    continue;
                }

                json.WriteStartObject();
                json.WriteNumber("start"u8, sentenceStart + w.Start);
                json.WriteNumber("length"u8, w.Length);
                json.WriteString("text"u8, w.Text);
                json.WriteNumber("weight"u8, w.Weight);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    // A cell a spreadsheet would read as a formula (=HYPERLINK(...), =cmd|...) gets a leading apostrophe,
    // as OWASP recommends, unless --csv-raw asks for the exact text.
    private string Csv(string value)
    {
        if (NeedsFormulaGuard(value))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(CsvSpecial) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
