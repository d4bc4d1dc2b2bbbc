using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RhetoricClassifier.Data;

/// <summary>The parts of reading one JSON Lines record that labelled data and documents to score share.</summary>
internal static class JsonLine
{
    /// <summary>Parses a line that must hold a JSON object; the caller disposes the document.</summary>
    public static JsonDocument ParseObject(string line, string source, int lineNumber, string expected)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(source, lineNumber, $"invalid JSON: {e.Message}");
        }

        if (json.RootElement.ValueKind != JsonValueKind.Object)
        {
            json.Dispose();
            throw new DataFormatException(source, lineNumber, expected);
        }

        return json;
    }

    /// <summary>The record's <c>text</c>, which must be present and a string.</summary>
    public static string RequireText(JsonElement record, string source, int lineNumber)
    {
        if (!record.TryGetProperty("text", out JsonElement text))
        {
            throw new DataFormatException(source, lineNumber, "missing 'text'");
        }

        if (text.ValueKind != JsonValueKind.String)
        {
            throw new DataFormatException(source, lineNumber, $"'text' must be a string, found {Describe(text.ValueKind)}");
        }

        return GetString(text);
    }

    /// <summary>
    /// The record's <c>id</c> as text: a string, or a number as written; <see langword="null"/> when absent or null.
    /// Returns <see langword="false"/> when the id has another type.
    /// </summary>
    public static bool TryGetId(JsonElement record, out string? id, out JsonValueKind kind)
    {
        id = null;
        kind = JsonValueKind.Undefined;
        if (!record.TryGetProperty("id", out JsonElement element))
        {
            return true;
        }

        kind = element.ValueKind;
        id = kind switch
        {
            JsonValueKind.String => GetString(element),
            JsonValueKind.Number => element.GetRawText(),
            _ => null,
        };
        return kind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null;
    }

    /// <summary>
    /// A string value; a lone surrogate escape such as <c>"\ud800"</c>, which System.Text.Json refuses to
    /// turn into a string, becomes U+FFFD instead of failing the record.
    /// </summary>
    public static string GetString(JsonElement element)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Read with Utf8JsonReader rather than JsonSerializer.Deserialize<string>, which is reflection-based and
            // unavailable to a trimmed or Native AOT build.
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(ReplaceLoneSurrogateEscapes(element.GetRawText())));
            reader.Read();
            return reader.GetString()!;
        }
    }

    // Rewrites \uD800-\uDFFF escapes that are not a high-low pair as \uFFFD; everything else is copied.
    internal static string ReplaceLoneSurrogateEscapes(string raw)
    {
        var sb = new StringBuilder(raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\' || i + 1 >= raw.Length)
            {
                sb.Append(raw[i]);
                continue;
            }

            if (raw[i + 1] != 'u' || !TryHex(raw, i + 2, out int unit))
            {
                sb.Append(raw, i, 2);
                i++;
                continue;
            }

            if (unit is >= 0xD800 and <= 0xDBFF && i + 11 < raw.Length && raw[i + 6] == '\\' && raw[i + 7] == 'u'
                && TryHex(raw, i + 8, out int low) && low is >= 0xDC00 and <= 0xDFFF)
            {
                sb.Append(raw, i, 12);
                i += 11;
                continue;
            }

            sb.Append(unit is >= 0xD800 and <= 0xDFFF ? "\\uFFFD" : raw.Substring(i, 6));
            i += 5;
        }

        return sb.ToString();
    }

    private static bool TryHex(string s, int at, out int value)
    {
        value = 0;
        return at + 4 <= s.Length && int.TryParse(s.AsSpan(at, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>"a number", "an array"... for error messages.</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "a string",
    };
}
