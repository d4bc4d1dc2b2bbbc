using System.CommandLine;
using System.Globalization;

namespace RhetoricClassifier.Cli;

/// <summary>
/// One command's view of a parsed command line (System.CommandLine has already matched the options, aliases
/// and paths, see <see cref="CommandTree"/>): values by long option name, converted and range-checked here with
/// messages that name the option and the bad value.
/// </summary>
internal sealed class CommandArgs
{
    private readonly ParseResult _result;

    public CommandArgs(ParseResult result)
    {
        _result = result;
        Argument? paths = result.CommandResult.Command.Arguments.FirstOrDefault();
        Positional = paths is null ? [] : result.GetResult(paths)?.GetValueOrDefault<string[]>() ?? [];
    }

    /// <summary>The command's paths (or sentences), in order; <c>-</c> is standard input.</summary>
    public IReadOnlyList<string> Positional { get; }

    public bool Has(string flag) => _result.GetValue<bool>(flag);

    public IReadOnlyList<string> All(string option) => _result.GetValue<string[]>(option) ?? [];

    public string? Get(string option) => _result.GetValue<string>(option);

    public int GetInt(string option, int fallback, int min, int max)
    {
        string? s = Get(option);
        if (s is null)
        {
            return fallback;
        }

        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
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

        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v >= min && v <= max))
        {
            throw new UsageException($"option '{option}' must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, not '{s}'");
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
