using System.Text;
using System.Text.Json;

namespace RhetoricClassifier.Data;

/// <summary>
/// Reads labelled sentences from JSON Lines (<c>{"text": "...", "labels": ["cost_capex"]}</c>, optional
/// <c>"id"</c> and <c>"genre"</c>, other fields ignored) or CSV (a header with <c>text</c> and <c>labels</c>
/// columns, labels separated by <c>;</c>). Tag display names are accepted as aliases of the ids.
/// </summary>
/// <remarks>Every problem is reported as a <see cref="DataFormatException"/> naming the file and the line.</remarks>
public static class LabeledDataReader
{
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a <c>.jsonl</c> or <c>.csv</c> file, chosen by its extension.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="DataFormatException">The file is missing, has another extension, or a line is malformed.</exception>
    public static IReadOnlyList<LabeledSentence> ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is not (".jsonl" or ".csv"))
        {
            throw new DataFormatException(path, 0, $"unsupported file type '{ext}': labelled data must be JSON Lines (.jsonl) or CSV (.csv)");
        }

        if (Directory.Exists(path) || !File.Exists(path))
        {
            throw new DataFormatException(path, 0, "file not found");
        }

        try
        {
            using var reader = new StreamReader(path, StrictUtf8, detectEncodingFromByteOrderMarks: true);
            return ext == ".jsonl" ? ReadJsonLines(reader, path) : ReadCsv(reader, path);
        }
        catch (IOException e)
        {
            throw new DataFormatException(path, 0, $"cannot read file: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new DataFormatException(path, 0, $"cannot read file: {e.Message}");
        }
    }

    /// <summary>Reads several files and checks that ids are unique across all of them.</summary>
    /// <param name="paths">The files.</param>
    public static IReadOnlyList<LabeledSentence> ReadFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var all = new List<LabeledSentence>();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string path in paths)
        {
            foreach (LabeledSentence s in ReadFile(path))
            {
                if (s.Id is not null && !ids.TryAdd(s.Id, s.Origin!))
                {
                    (string file, int line) = SplitOrigin(s.Origin!);
                    throw new DataFormatException(file, line, $"duplicate id '{s.Id}' (first used at {ids[s.Id]})");
                }

                all.Add(s);
            }
        }

        return all;
    }

    /// <summary>Reads JSON Lines from a reader. Blank lines are skipped.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">The name used in error messages, usually the file path.</param>
    public static IReadOnlyList<LabeledSentence> ReadJsonLines(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var result = new List<LabeledSentence>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int lineNumber = 0;
        string? line;
        while ((line = ReadLine(reader, source, lineNumber + 1)) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            LabeledSentence sentence = ParseJsonLine(line, source, lineNumber);
            if (sentence.Id is not null && !ids.TryAdd(sentence.Id, lineNumber))
            {
                throw new DataFormatException(source, lineNumber, $"duplicate id '{sentence.Id}' (first used on line {ids[sentence.Id]})");
            }

            result.Add(sentence);
        }

        return result;
    }

    /// <summary>Reads CSV with a header row naming at least <c>text</c> and <c>labels</c>.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">The name used in error messages, usually the file path.</param>
    public static IReadOnlyList<LabeledSentence> ReadCsv(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var csv = new CsvRecordReader(reader, source);
        if (!csv.TryRead(out List<string> header, out int headerLine))
        {
            throw new DataFormatException(source, 0, "empty file: expected a header row with 'text' and 'labels'");
        }

        int textCol = header.FindIndex(h => h.Trim().Equals("text", StringComparison.OrdinalIgnoreCase));
        int labelsCol = header.FindIndex(h => h.Trim().Equals("labels", StringComparison.OrdinalIgnoreCase));
        int idCol = header.FindIndex(h => h.Trim().Equals("id", StringComparison.OrdinalIgnoreCase));
        int genreCol = header.FindIndex(h => h.Trim().Equals("genre", StringComparison.OrdinalIgnoreCase));
        if (textCol < 0 || labelsCol < 0)
        {
            throw new DataFormatException(source, headerLine, "the header must name a 'text' and a 'labels' column");
        }

        var result = new List<LabeledSentence>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        while (csv.TryRead(out List<string> fields, out int line))
        {
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }

            if (fields.Count != header.Count)
            {
                throw new DataFormatException(source, line, $"expected {header.Count} fields as in the header, found {fields.Count}");
            }

            string text = fields[textCol];
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new DataFormatException(source, line, "empty 'text'");
            }

            TagSet labels = TagSet.None;
            foreach (string part in fields[labelsCol].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                labels |= ParseLabel(part, source, line);
            }

            string? id = idCol >= 0 && fields[idCol].Length > 0 ? fields[idCol] : null;
            if (id is not null && !ids.TryAdd(id, line))
            {
                throw new DataFormatException(source, line, $"duplicate id '{id}' (first used on line {ids[id]})");
            }

            result.Add(new LabeledSentence(text, labels)
            {
                Id = id,
                Genre = genreCol >= 0 && fields[genreCol].Length > 0 ? fields[genreCol] : null,
                Origin = $"{source}:{line}",
            });
        }

        return result;
    }

    internal static string? ReadLine(TextReader reader, string source, int lineNumber)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (DecoderFallbackException)
        {
            throw new DataFormatException(source, lineNumber, "invalid UTF-8");
        }
    }

    private static LabeledSentence ParseJsonLine(string line, string source, int lineNumber)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(source, lineNumber, $"invalid JSON: {e.Message}");
        }

        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new DataFormatException(source, lineNumber, "expected a JSON object with 'text' and 'labels'");
            }

            if (!root.TryGetProperty("text", out JsonElement textEl))
            {
                throw new DataFormatException(source, lineNumber, "missing 'text'");
            }

            if (textEl.ValueKind != JsonValueKind.String)
            {
                throw new DataFormatException(source, lineNumber, $"'text' must be a string, found {Describe(textEl.ValueKind)}");
            }

            string text = textEl.GetString()!;
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new DataFormatException(source, lineNumber, "empty 'text'");
            }

            if (!root.TryGetProperty("labels", out JsonElement labelsEl))
            {
                throw new DataFormatException(source, lineNumber, "missing 'labels' (use [] for a sentence with no tag)");
            }

            TagSet labels = TagSet.None;
            if (labelsEl.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement l in labelsEl.EnumerateArray())
                {
                    if (l.ValueKind != JsonValueKind.String)
                    {
                        throw new DataFormatException(source, lineNumber, $"'labels' must hold strings, found {Describe(l.ValueKind)}");
                    }

                    labels |= ParseLabel(l.GetString()!, source, lineNumber);
                }
            }
            else if (labelsEl.ValueKind == JsonValueKind.String)
            {
                foreach (string part in labelsEl.GetString()!.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    labels |= ParseLabel(part, source, lineNumber);
                }
            }
            else
            {
                throw new DataFormatException(source, lineNumber, $"'labels' must be an array of tag ids, found {Describe(labelsEl.ValueKind)}");
            }

            string? id = root.TryGetProperty("id", out JsonElement idEl) ? idEl.ValueKind switch
            {
                JsonValueKind.String => idEl.GetString(),
                JsonValueKind.Number => idEl.GetRawText(),
                JsonValueKind.Null => null,
                _ => throw new DataFormatException(source, lineNumber, $"'id' must be a string or a number, found {Describe(idEl.ValueKind)}"),
            } : null;
            string? genre = root.TryGetProperty("genre", out JsonElement g) && g.ValueKind == JsonValueKind.String ? g.GetString() : null;
            return new LabeledSentence(text, labels) { Id = id, Genre = genre, Origin = $"{source}:{lineNumber}" };
        }
    }

    internal static TagSet ParseLabel(string label, string source, int lineNumber)
    {
        if (RhetoricTags.TryParse(label, out RhetoricTag tag))
        {
            return tag.ToSet();
        }

        if (label == "none")
        {
            return TagSet.None;
        }

        string hint = RhetoricTags.TryParseIgnoringCase(label, out string? id)
            ? $" (tags are case-sensitive: did you mean '{id}'?)"
            : " (known tags: ai_justification, cost_capex, human_impact)";
        throw new DataFormatException(source, lineNumber, $"unknown tag '{label}'{hint}");
    }

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "a string",
    };

    private static (string File, int Line) SplitOrigin(string origin)
    {
        int colon = origin.LastIndexOf(':');
        return colon > 0 && int.TryParse(origin.AsSpan(colon + 1), out int line) ? (origin[..colon], line) : (origin, 0);
    }
}
