using System.Runtime.CompilerServices;
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
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DataFormatException e) when (onBadLine is not null)
            {
                // Too long or not UTF-8: the reader has moved past the line, so the rest can still be read.
                onBadLine(e);
                continue;
            }

            if (line is null)
            {
                yield break;
            }

            int lineNumber = reader.LineNumber;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            TextDocument? doc = null;
            try
            {
                doc = Parse(line, sourceName, lineNumber);
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

    private static TextDocument Parse(string line, string source, int lineNumber)
    {
        using JsonDocument json = JsonLine.ParseObject(line, source, lineNumber, "expected a JSON object with a 'text' field");
        string text = JsonLine.RequireText(json.RootElement, source, lineNumber);
        // An id of another type is not worth stopping a scoring run for: fall back to the line's position.
        string id = JsonLine.TryGetId(json.RootElement, out string? given, out _) && given is not null ? given : $"{source}:{lineNumber}";
        return new TextDocument(id, text);
    }
}
