using System.Text;
using System.Text.Json;

using RhetoricClassifier.Data;

namespace RhetoricClassifier;

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

        RequireWithinByteLimit([path]);

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            using var lines = new Utf8LineReader(stream, path);
            return ext == ".jsonl" ? ReadJsonLines(lines.ReadLine, path) : ReadCsv(lines.ReadLine, path);
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
        List<string> files = [.. paths];
        RequireWithinByteLimit(files);
        var all = new List<LabeledSentence>();
        foreach (string path in files)
        {
            IReadOnlyList<LabeledSentence> file = ReadFile(path);
            if (all.Count + file.Count > InputLimits.MaxLabeledSentences)
            {
                throw new DataFormatException(path, 0, TooMany);
            }

            all.AddRange(file);
        }

        RequireUniqueIds(all);
        return all;
    }

    /// <summary>Reads JSON Lines from a reader. Blank lines are skipped.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">The name used in error messages, usually the file path.</param>
    public static IReadOnlyList<LabeledSentence> ReadJsonLines(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        int lineNumber = 0;
        return ReadJsonLines(() => ReadLine(reader, source, ++lineNumber), source);
    }

    private static List<LabeledSentence> ReadJsonLines(Func<string?> readLine, string source)
    {
        var result = new List<LabeledSentence>();
        int lineNumber = 0;
        string? line;
        while ((line = readLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            Add(result, ParseJsonLine(line, source, lineNumber), source, lineNumber);
        }

        RequireUniqueIds(result);
        return result;
    }

    /// <summary>Reads CSV with a header row naming at least <c>text</c> and <c>labels</c>.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">The name used in error messages, usually the file path.</param>
    public static IReadOnlyList<LabeledSentence> ReadCsv(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        int lineNumber = 0;
        return ReadCsv(() => ReadLine(reader, source, ++lineNumber), source);
    }

    private static List<LabeledSentence> ReadCsv(Func<string?> readLine, string source)
    {
        var csv = new CsvRecordReader(readLine, source);
        if (!csv.TryRead(out List<string> header, out int headerLine))
        {
            throw new DataFormatException(source, 0, "empty file: expected a header row with 'text' and 'labels'");
        }

        int textCol = header.FindIndex(h => h.Trim().Equals("text", StringComparison.OrdinalIgnoreCase));
        int labelsCol = header.FindIndex(h => h.Trim().Equals("labels", StringComparison.OrdinalIgnoreCase));
        int idCol = header.FindIndex(h => h.Trim().Equals("id", StringComparison.OrdinalIgnoreCase));
        int genreCol = header.FindIndex(h => h.Trim().Equals("genre", StringComparison.OrdinalIgnoreCase));
        if ((textCol < 0 || labelsCol < 0) && header.Any(h => h.TrimEnd('\r').Contains('\r', StringComparison.Ordinal)))
        {
            // The whole file read as one line: it breaks lines with a carriage return alone (classic Mac OS).
            throw new DataFormatException(source, headerLine, "lines end with a carriage return alone (classic Mac OS line breaks); save the file with \\n or \\r\\n line breaks");
        }

        if (textCol < 0 || labelsCol < 0)
        {
            throw new DataFormatException(source, headerLine, "the header must name a 'text' and a 'labels' column");
        }

        var result = new List<LabeledSentence>();
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

            Add(result, new LabeledSentence(text, ParseLabels(fields[labelsCol], source, line))
            {
                Id = idCol >= 0 && fields[idCol].Length > 0 ? fields[idCol] : null,
                Genre = genreCol >= 0 && fields[genreCol].Length > 0 ? fields[genreCol] : null,
                Origin = $"{source}:{line}",
            }, source, line);
        }

        RequireUniqueIds(result);
        return result;
    }

    // Refused from the sizes alone, before a byte is read: reading first would spend the memory the limit saves.
    private static void RequireWithinByteLimit(List<string> paths)
    {
        long total = 0;
        foreach (string path in paths)
        {
            var info = new FileInfo(path);
            total += info.Exists ? info.Length : 0;
            if (total > InputLimits.MaxLabeledBytes)
            {
                string what = paths.Count == 1 ? $"the file is {Megabytes(total)}" : $"with this file the labelled data come to {Megabytes(total)}";
                throw new DataFormatException(path, 0,
                    $"{what}; one run reads at most {Megabytes(InputLimits.MaxLabeledBytes)} of labelled data (and {InputLimits.MaxLabeledSentences:N0} sentences), "
                    + "the limit that keeps training within a few GB of memory (see 'Limits and safety' in the README): sample or split the data");
            }
        }
    }

    private static string Megabytes(long bytes) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):N0} MiB");

    private static readonly string TooMany =
        $"more than {InputLimits.MaxLabeledSentences:N0} labelled sentences, the limit for one run (see 'Limits and safety' in the README)";

    // Every example passes here, so the limits hold for JSON Lines and CSV alike.
    private static void Add(List<LabeledSentence> result, LabeledSentence sentence, string source, int lineNumber)
    {
        if (sentence.Text.Length > InputLimits.MaxLabeledSentenceChars)
        {
            throw new DataFormatException(source, lineNumber,
                $"the text is {sentence.Text.Length:N0} characters long; a labelled example is one sentence of at most {InputLimits.MaxLabeledSentenceChars:N0}");
        }

        if (result.Count >= InputLimits.MaxLabeledSentences)
        {
            throw new DataFormatException(source, lineNumber, TooMany);
        }

        result.Add(sentence);
    }

    private static string? ReadLine(TextReader reader, string source, int lineNumber)
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
        using JsonDocument json = JsonLine.ParseObject(line, source, lineNumber, "expected a JSON object with 'text' and 'labels'");
        JsonElement root = json.RootElement;
        string text = JsonLine.RequireText(root, source, lineNumber);
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
                    throw new DataFormatException(source, lineNumber, $"'labels' must hold strings, found {JsonLine.Describe(l.ValueKind)}");
                }

                labels |= ParseLabel(JsonLine.GetString(l), source, lineNumber);
            }
        }
        else if (labelsEl.ValueKind == JsonValueKind.String)
        {
            labels = ParseLabels(JsonLine.GetString(labelsEl), source, lineNumber);
        }
        else
        {
            throw new DataFormatException(source, lineNumber, $"'labels' must be an array of tag ids, found {JsonLine.Describe(labelsEl.ValueKind)}");
        }

        if (!JsonLine.TryGetId(root, out string? id, out JsonValueKind idKind))
        {
            throw new DataFormatException(source, lineNumber, $"'id' must be a string or a number, found {JsonLine.Describe(idKind)}");
        }

        string? genre = root.TryGetProperty("genre", out JsonElement g) && g.ValueKind == JsonValueKind.String ? JsonLine.GetString(g) : null;
        return new LabeledSentence(text, labels) { Id = id, Genre = genre, Origin = $"{source}:{lineNumber}" };
    }

    // "cost_capex;human_impact", as in CSV files and string-valued JSON labels.
    private static TagSet ParseLabels(string labels, string source, int lineNumber)
    {
        TagSet set = TagSet.None;
        foreach (string part in labels.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            set |= ParseLabel(part, source, lineNumber);
        }

        return set;
    }

    // Ids must be unique within and across files; the message points back at the first use.
    private static void RequireUniqueIds(IEnumerable<LabeledSentence> sentences)
    {
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (LabeledSentence s in sentences)
        {
            if (s.Id is null || s.Origin is null || first.TryAdd(s.Id, s.Origin))
            {
                continue;
            }

            (string file, int line) = SplitOrigin(s.Origin);
            (string firstFile, int firstLine) = SplitOrigin(first[s.Id]);
            string where = firstFile == file ? $"on line {firstLine}" : $"at {first[s.Id]}";
            throw new DataFormatException(file, line, $"duplicate id '{s.Id}' (first used {where})");
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

    private static (string File, int Line) SplitOrigin(string origin)
    {
        int colon = origin.LastIndexOf(':');
        return colon > 0 && int.TryParse(origin.AsSpan(colon + 1), out int line) ? (origin[..colon], line) : (origin, 0);
    }
}
