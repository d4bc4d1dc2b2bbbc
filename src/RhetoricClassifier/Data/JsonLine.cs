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

        return text.GetString()!;
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
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.GetRawText(),
            _ => null,
        };
        return kind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null;
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
