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

    /// <summary>The sentence records of one scored batch.</summary>
    public byte[] Sentences(ScoredBatch batch)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, batch.Sentences.Length * 256));
        ReadOnlySpan<ScoredSentence> sentences = batch.Sentences.Span;
        using var json = new Utf8JsonWriter(buffer, WriterOptions);
        var csv = IsCsv ? new StringBuilder() : null;
        TextDocument? current = null;
        TextFileReader.PartInfo? part = null;
        foreach (ref readonly ScoredSentence s in sentences)
        {
            TextDocument doc = batch.Documents[(int)(s.DocumentIndex - batch.FirstDocumentIndex)];
            if (!ReferenceEquals(doc, current))
            {
                current = doc;
                part = TextFileReader.Parts.TryGetValue(doc, out var p) ? p : null;
            }

            long start = s.Start + (part?.Offset ?? 0);
            int index = s.Index + (part?.FirstSentence ?? 0);
            if (csv is not null)
            {
                csv.Append(Csv(s.DocumentId)).Append(',')
                    .Append(index.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(start.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(s.Length.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(Csv(s.Text.ToString())).Append(',')
                    .Append(string.Join(';', s.Tags.ToIds()));
                foreach (RhetoricTag t in RhetoricTags.All)
                {
                    csv.Append(',').Append(s.Scores[t].ToString("R", CultureInfo.InvariantCulture));
                }

                csv.Append('\n');
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
                json.WriteNumber(TagNames[(int)t], s.Scores[t]);
            }

            json.WriteEndObject();
            if (Explainer is not null)
            {
                WriteExplanation(json, Explainer.Explain(s.Text.Span), start);
            }

            json.WriteEndObject();
            json.Flush();
            buffer.Write("\n"u8);
        }

        return csv is not null ? Encoding.UTF8.GetBytes(csv.ToString()) : buffer.WrittenSpan.ToArray();
    }

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

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
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
        }

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
        if (!csvRaw && value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
