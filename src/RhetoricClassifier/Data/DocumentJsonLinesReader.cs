using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

using RhetoricClassifier.Data;

namespace RhetoricClassifier;

/// <summary>Reads documents to score from JSON Lines: <c>{"id": "...", "text": "..."}</c>, one per line.</summary>
public static class DocumentJsonLinesReader
{
    /// <summary>
    /// Reads documents lazily. Blank lines are skipped; a missing id becomes <c>source:line</c>. A record
    /// (line) may be at most 16 MiB; a longer one, or one that is not valid UTF-8, is a malformed line.
    /// Lone surrogate escapes (<c>\ud800</c>) in strings become U+FFFD.
    /// </summary>
    /// <param name="stream">UTF-8 JSON Lines (a byte-order mark is allowed).</param>
    /// <param name="sourceName">Name for error messages and default ids.</param>
    /// <param name="onBadLine">
    /// Called for a malformed line, which is then skipped; when <see langword="null"/>, a malformed line
    /// throws <see cref="DataFormatException"/> instead.
    /// </param>
    /// <param name="cancellationToken">Stops reading.</param>
    public static async IAsyncEnumerable<TextDocument> ReadAsync(Stream stream, string sourceName, Action<DataFormatException>? onBadLine = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        using var reader = new Utf8LineReader(stream, sourceName, leaveOpen: true);
        while (true)
        {
            try
            {
                if (!await reader.ReadLineUtf8Async(cancellationToken).ConfigureAwait(false))
                {
                    yield break;
                }
            }
            catch (DataFormatException e) when (onBadLine is not null)
            {
                // Too long or not UTF-8: the reader has moved past the line, so the rest can still be read.
                onBadLine(e);
                continue;
            }

            int lineNumber = reader.LineNumber;
            TextDocument? doc = null;
            try
            {
                // Well-formed records are read straight from the line's bytes; anything else (blank lines, errors,
                // rare escapes) takes the string path, which gives every error its message.
                doc = TryParseUtf8(reader.Line.Span, sourceName, lineNumber) ?? ParseLine(Utf8LineReader.Decode(reader.Line.Span), sourceName, lineNumber);
            }
            catch (DataFormatException e) when (onBadLine is not null)
            {
                onBadLine(e);
            }

            if (doc is not null)
            {
                yield return doc;
            }
        }
    }

    // The string path: a blank line is no document; anything else is a record or a DataFormatException.
    internal static TextDocument? ParseLine(string line, string source, int lineNumber)
        => string.IsNullOrWhiteSpace(line) ? null : Parse(line, source, lineNumber);

    /// <summary>
    /// The document of a line that is a JSON object with a string <c>text</c> and a string, number or null (or no)
    /// <c>id</c>, read with <see cref="Utf8JsonReader"/> from the line's bytes; null for any other line, which
    /// <see cref="Parse"/> then reads (and reports) exactly as before. As with <see cref="JsonDocument"/>, the last of
    /// repeated properties counts.
    /// </summary>
    internal static TextDocument? TryParseUtf8(ReadOnlySpan<byte> line, string source, int lineNumber)
    {
        int first = line.IndexOfAnyExcept(" \t\r"u8);
        if (first < 0 || line[first] != (byte)'{')
        {
            return null;
        }

        var json = new Utf8JsonReader(line);
        try
        {
            if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? text = null;
            string? id = null;
            bool idGiven = true;
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                bool isText = json.ValueTextEquals("text"u8);
                bool isId = !isText && json.ValueTextEquals("id"u8);
                json.Read();
                if (isText)
                {
                    text = json.TokenType == JsonTokenType.String ? json.GetString() : null;
                    if (text is null)
                    {
                        return null; // not a string: the slow path says so
                    }
                }
                else if (isId)
                {
                    (id, idGiven) = json.TokenType switch
                    {
                        JsonTokenType.String => (json.GetString(), true),
                        JsonTokenType.Number => (Encoding.UTF8.GetString(json.ValueSpan), true),
                        JsonTokenType.Null => (null, true),
                        _ => (null, false),
                    };
                    if (json.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        json.Skip();
                    }
                }
                else
                {
                    json.Skip();
                }
            }

            // The object must have ended, with nothing after it but white space.
            if (json.TokenType != JsonTokenType.EndObject || json.CurrentDepth != 0 || json.Read() || text is null)
            {
                return null;
            }

            return new TextDocument(idGiven && id is not null ? id : $"{source}:{lineNumber}", text);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null; // invalid JSON, or a lone surrogate escape that GetString refuses: the slow path handles both
        }
    }

    private static TextDocument Parse(string line, string source, int lineNumber)
    {
        using JsonDocument json = JsonLine.ParseObject(line, source, lineNumber, "expected a JSON object with a 'text' field");
        string text = JsonLine.RequireText(json.RootElement, source, lineNumber);
        // An id of another type is not worth stopping a scoring run for: fall back to the line's position.
        string id = JsonLine.TryGetId(json.RootElement, out string? given, out _) && given is not null ? given : $"{source}:{lineNumber}";
        return new TextDocument(id, text);
    }
}
