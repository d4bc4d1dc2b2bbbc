namespace RhetoricClassifier.Cli;

/// <summary>
/// A small parser for <c>rhetoric COMMAND [options] [paths]</c>: options are declared per command,
/// take zero, one or many values, and anything undeclared is a usage error.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandLine()
    {
    }

    public List<string> Positional { get; } = [];

    /// <summary>Parses <paramref name="args"/>; <paramref name="valued"/> take values (many for <paramref name="multi"/>), <paramref name="flags"/> none.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args, string command, string[] valued, string[] flags, string[]? multi = null)
    {
        var line = new CommandLine();
        multi ??= [];
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                string name = a, inline = "";
                int eq = a.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    name = a[..eq];
                    inline = a[(eq + 1)..];
                }

                if (flags.Contains(name) && eq < 0)
                {
                    line._flags.Add(name);
                    continue;
                }

                if (!valued.Contains(name))
                {
                    throw new UsageException($"'{command}' has no option '{name}' (see 'rhetoric {command} --help')");
                }

                var list = line._values.TryGetValue(name, out var existing) ? existing : line._values[name] = [];
                if (eq > 0)
                {
                    list.Add(inline);
                    continue;
                }

                int before = list.Count;
                while (i + 1 < args.Count && (!args[i + 1].StartsWith("--", StringComparison.Ordinal) || args[i + 1] == "--"))
                {
                    list.Add(args[++i]);
                    if (!multi.Contains(name))
                    {
                        break;
                    }
                }

                if (list.Count == before)
                {
                    throw new UsageException($"option '{name}' needs a value");
                }

                continue;
            }

            line.Positional.Add(a);
        }

        return line;
    }

    public bool Has(string flag) => _flags.Contains(flag);

    public IReadOnlyList<string> All(string option) => _values.TryGetValue(option, out var v) ? v : [];

    public string? Get(string option)
    {
        var v = All(option);
        if (v.Count > 1)
        {
            throw new UsageException($"option '{option}' was given {v.Count} times");
        }

        return v.Count == 0 ? null : v[0];
    }

    public int GetInt(string option, int fallback, int min, int max)
    {
        string? s = Get(option);
        if (s is null)
        {
            return fallback;
        }

        if (!int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int v) || v < min || v > max)
        {
            throw new UsageException($"option '{option}' must be a whole number from {min} to {max}, not '{s}'");
        }

        return v;
    }

    public double GetDouble(string option, double fallback, double min, double max)
    {
        string? s = Get(option);
        if (s is null)
        {
            return fallback;
        }

        if (!double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) || !(v >= min && v <= max))
        {
            throw new UsageException($"option '{option}' must be a number from {min.ToString(System.Globalization.CultureInfo.InvariantCulture)} to {max.ToString(System.Globalization.CultureInfo.InvariantCulture)}, not '{s}'");
        }

        return v;
    }

    public string GetChoice(string option, string fallback, params string[] choices)
    {
        string v = Get(option) ?? fallback;
        if (!choices.Contains(v))
        {
            throw new UsageException($"option '{option}' must be one of {string.Join(", ", choices)}, not '{v}'");
        }

        return v;
    }
}
