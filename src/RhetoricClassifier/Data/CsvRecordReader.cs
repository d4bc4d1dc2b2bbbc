using System.Text;

namespace RhetoricClassifier.Data;

/// <summary>Reads RFC 4180 CSV records (quoted fields may hold commas, doubled quotes and line breaks).</summary>
internal sealed class CsvRecordReader(Func<string?> readLine, string source)
{
    private int _line;

    /// <summary>Reads the next record; <paramref name="line"/> is the line it starts on.</summary>
    public bool TryRead(out List<string> fields, out int line)
    {
        fields = [];
        string? text = readLine();
        if (text is null)
        {
            line = _line;
            return false;
        }

        line = ++_line;
        var field = new StringBuilder();
        int i = 0;
        while (true)
        {
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        string? more = readLine();
                        if (more is null)
                        {
                            throw new DataFormatException(source, line, "unterminated quoted field");
                        }

                        _line++;
                        if (field.Length + more.Length > InputLimits.MaxRecordBytes)
                        {
                            throw new DataFormatException(source, line, $"the quoted field is longer than {InputLimits.MaxRecordBytes >> 20} MiB, the limit for one record (an unbalanced quote?)");
                        }

                        field.Append('\n');
                        text = more;
                        i = 0;
                        continue;
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }

                if (i < text.Length && text[i] != ',')
                {
                    throw new DataFormatException(source, _line, $"unexpected character '{text[i]}' after a closing quote");
                }
            }
            else
            {
                while (i < text.Length && text[i] != ',')
                {
                    field.Append(text[i++]);
                }
            }

            fields.Add(field.ToString());
            field.Clear();
            if (i >= text.Length)
            {
                return true;
            }

            i++; // the comma
        }
    }
}
