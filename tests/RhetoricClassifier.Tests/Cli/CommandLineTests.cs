using System.CommandLine;
using System.Text.Json;
using RhetoricClassifier.Cli;
using RhetoricClassifier.Cli.Output;

namespace RhetoricClassifier.Tests.Cli;

/// <summary>
/// The command line as a user meets it: help at every level, short aliases, '--' before odd paths, suggestions for
/// typos, the exit code and message of every kind of mistake, and tab completion.
/// </summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TempFolder _temp = new("rhetoric-cmdline-");

    public CommandLineTests() => _temp.Write("a.txt", "We are cutting 300 jobs as AI takes over routine work. Capex rose to $2 billion.");

    public void Dispose() => _temp.Dispose();

    private CliRunner.Result Run(params string[] args) => CliRunner.Run(_temp.Path, args);

    [Theory]
    [InlineData("rhetoric [command]", "--help")]
    [InlineData("rhetoric [command]", "-h")]
    [InlineData("rhetoric [command]", "-?")]
    [InlineData("rhetoric [command]", "help")]
    [InlineData("rhetoric score", "score", "--help")]
    [InlineData("rhetoric score", "score", "-h")]
    [InlineData("rhetoric score", "score", "-?")]
    [InlineData("rhetoric score", "score", "a.txt", "--format", "csv", "-h")]
    [InlineData("rhetoric extract", "extract", "-h")]
    [InlineData("rhetoric train", "train", "--help")]
    [InlineData("rhetoric eval", "eval", "-?")]
    [InlineData("rhetoric explain", "explain", "-h")]
    [InlineData("rhetoric bench", "bench", "--help")]
    [InlineData("rhetoric data [command]", "data", "--help")]
    [InlineData("rhetoric data check", "data", "check", "-?")]
    [InlineData("rhetoric data check", "data", "check", "--help")]
    [InlineData("rhetoric score", "help", "score")]
    [InlineData("rhetoric data [command]", "help", "data")]
    [InlineData("rhetoric data check", "help", "data", "check")]
    public void Help_is_on_standard_output_with_exit_0_at_every_level(string usage, params string[] args)
    {
        var r = Run(args);

        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("Usage:\n  " + usage, r.StdOut.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("", r.StdErr);
        Assert.All(r.StdOut.ReplaceLineEndings("\n").Split('\n'), line => Assert.False(line.EndsWith(' '), $"trailing space: '{line}'"));
    }

    [Fact]
    public void Wrapping_and_padding_leave_no_space_at_the_end_of_a_line()
    {
        var output = new StringWriter();
        using (var writer = new LineEndTrimmingWriter(() => output))
        {
            writer.Write("  -f, --format <F>  parquet needs --output FILE; table shows coloured   \n");
            writer.WriteLine("  ");
            writer.Write("a  b \r\n");
            writer.Write('c');
            writer.Write(' ');
            writer.Write('d');
            writer.Write("\n e  \u001b[0m\n".ToCharArray(), 0, 10); // a space before an escape sequence is not at the end
        }

        Assert.Equal("  -f, --format <F>  parquet needs --output FILE; table shows coloured\n" + Environment.NewLine + "a  b\r\nc d\n e  \u001b[0m\n", output.ToString());
    }

    [Fact]
    public void Every_description_starts_in_lower_case_and_a_choice_does_not_list_its_values_again()
    {
        foreach (Command command in Commands(CommandTree.Build()))
        {
            foreach (Option option in command.Options)
            {
                Assert.True(char.IsLower(option.Description![0]), $"{command.Name} {option.Name}: {option.Description}");
                if (option.HelpName is { } name && name.Contains('|', StringComparison.Ordinal))
                {
                    string[] values = name.Split('|');
                    Assert.False(values.All(v => option.Description.Contains(v, StringComparison.Ordinal)), $"{command.Name} {option.Name} lists its values twice");
                }
            }
        }
    }

    [Theory]
    [InlineData("score", "-m, --model <FILE>", "the built-in model")]
    [InlineData("score", "-f, --format <jsonl|csv|parquet|table|html>", "jsonl otherwise")]
    [InlineData("score", "-o, --output <FILE>", "temporary file")]
    [InlineData("score", "-q, --quiet", "no progress")]
    [InlineData("score", "--include <GLOB...>", "matching a glob")]
    [InlineData("score", "--shard <I/N>", "shard I of N")]
    [InlineData("extract", "-o, --output <DIR>", "next to each input")]
    [InlineData("extract", "-q, --quiet", "files written")]
    [InlineData("train", "--data <PATH...>", "labelled data")]
    [InlineData("train", "-o, --output <FILE>", "model file")]
    [InlineData("train", "--folds <K>", "[default: 5]")]
    [InlineData("train", "--leaves <N>", "2 to 64")]
    [InlineData("eval", "-f, --format <table|json|csv>", "[default: table]")]
    [InlineData("eval", "-m, --model <FILE>", "the built-in model")]
    [InlineData("bench", "--seconds <N>", "[default: 3]")]
    [InlineData("explain", "--file <FILE>", "text file")]
    public void A_commands_help_lists_each_option_with_its_values_and_what_it_does(string command, string option, string description)
    {
        string help = Run(command, "--help").StdOut.ReplaceLineEndings("\n");

        string line = help.Split('\n').Single(l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal));
        int at = help.IndexOf(line, StringComparison.Ordinal);
        string entry = help[at..help.IndexOf("\n  -", at + 1, StringComparison.Ordinal)]; // the option's lines, wrapped
        Assert.Contains(description, string.Join(' ', entry.Split('\n').Select(l => l.Trim())), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_option_and_argument_of_every_command_has_a_description()
    {
        foreach (Command command in Commands(CommandTree.Build()))
        {
            Assert.False(string.IsNullOrWhiteSpace(command.Description), command.Name);
            Assert.All(command.Options, o => Assert.False(string.IsNullOrWhiteSpace(o.Description), $"{command.Name} {o.Name}"));
            Assert.All(command.Arguments.Where(a => !a.Hidden), a => Assert.False(string.IsNullOrWhiteSpace(a.Description), $"{command.Name} {a.Name}"));
        }
    }

    [Theory]
    [InlineData("--output", "-o")]
    [InlineData("--format", "-f")]
    [InlineData("--quiet", "-q")]
    [InlineData("--model", "-m")]
    public void A_common_option_has_the_same_short_alias_in_every_command_that_has_it(string option, string alias)
    {
        var all = Commands(CommandTree.Build()).SelectMany(c => c.Options.Select(o => (Command: c.Name, Option: o))).ToList();
        var having = all.Where(x => x.Option.Name == option).ToList();

        Assert.NotEmpty(having);
        Assert.All(having, x => Assert.Contains(alias, x.Option.Aliases));
        Assert.All(all.Where(x => x.Option.Aliases.Contains(alias)), x => Assert.Equal(option, x.Option.Name)); // one meaning everywhere
    }

    [Theory]
    [InlineData("--output", "out.csv", "score", "a.txt", "-o", "out.csv")]
    [InlineData("--format", "csv", "score", "a.txt", "-f", "csv")]
    [InlineData("--format", "csv", "score", "a.txt", "--format=csv")]
    [InlineData("--model", "m.zip", "score", "a.txt", "-m", "m.zip")]
    [InlineData("--format", "json", "eval", "--data", "d.jsonl", "-f", "json")]
    [InlineData("--output", "text", "extract", "a.txt", "-o", "text")]
    [InlineData("--output", "m.zip", "train", "--data", "d.jsonl", "-o", "m.zip")]
    [InlineData("--model", "m.zip", "explain", "Cut jobs.", "-m", "m.zip")]
    public void A_short_alias_sets_the_long_option(string option, string value, params string[] args)
    {
        ParseResult result = CommandTree.Build().Parse(args, CommandTree.Parser);

        Assert.Empty(CommandTree.Problems(result));
        Assert.Equal(value, new CommandArgs(result).Get(option));
    }

    [Theory]
    [InlineData(new[] { "score", "-", "a.txt" }, new[] { "-", "a.txt" })]
    [InlineData(new[] { "score", "a.txt", "--", "-weird.txt", "--format" }, new[] { "a.txt", "-weird.txt", "--format" })]
    [InlineData(new[] { "score", "-q", "--", "-" }, new[] { "-" })]
    [InlineData(new[] { "score", "@list.txt" }, new[] { "@list.txt" })]
    [InlineData(new[] { "score", "/h", "/?" }, new[] { "/h", "/?" })]
    [InlineData(new[] { "data", "check", "--", "-labels.jsonl" }, new[] { "-labels.jsonl" })]
    public void Paths_are_taken_as_given_with_dash_for_standard_input_and_double_dash_before_paths_that_start_with_a_dash(string[] args, string[] paths)
    {
        ParseResult result = CommandTree.Build().Parse(args, CommandTree.Parser);

        Assert.Empty(CommandTree.Problems(result));
        Assert.Equal(paths, new CommandArgs(result).Positional);
    }

    [Fact]
    public void A_file_whose_name_starts_with_a_dash_is_scored_after_double_dash_and_refused_without_it()
    {
        _temp.Write("-weird-name.txt", "We cut 40 jobs.");

        var scored = Run("score", "--quiet", "--", "-weird-name.txt");
        var refused = Run("score", "-weird-name.txt");

        Assert.True(scored.ExitCode == 0, scored.StdErr);
        Assert.Equal("-weird-name.txt", JsonDocument.Parse(scored.StdOut.Split('\n')[0]).RootElement.GetProperty("document").GetString());
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("has no option '-weird-name.txt'", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("put -- before it", refused.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'score' has no option '--fromat'; did you mean '--format'?", "score", "a.txt", "--fromat", "csv")]
    [InlineData("'score' has no option '--sumary'; did you mean '--summary'?", "score", "a.txt", "--sumary")]
    [InlineData("'score' has no option '--colour'", "score", "a.txt", "--colour")]
    [InlineData("unknown command 'scor'; did you mean 'score'?", "scor", "a.txt")]
    [InlineData("unknown command 'evl'; did you mean 'eval'?", "evl")]
    [InlineData("'data' has no command 'chek'; did you mean 'check'?", "data", "chek", "x.jsonl")]
    [InlineData("'eval' has no option '--formt'; did you mean '--format'?", "eval", "--data", "d.jsonl", "--formt", "json")]
    [InlineData("'train' has no option '--tress'; did you mean '--trees'?", "train", "--data", "d.jsonl", "-o", "m.zip", "--tress", "5")]
    [InlineData("'extract' has no option '--quite'; did you mean '--quiet'?", "extract", "a.txt", "--quite")]
    [InlineData("unknown command 'scor'; did you mean 'score'?", "help", "scor")]
    [InlineData("'rhetoric' has no option '--hlep'; did you mean '--help'?", "--hlep")]
    [InlineData("'score' has no option '-x' (see", "score", "a.txt", "-x")]
    public void An_unknown_option_or_command_exits_2_naming_it_and_suggesting_the_closest(string message, params string[] args)
        => AssertUsageError(message, args);

    // What follows an unknown command belongs to it: one message, not one more per word after it.
    [Theory]
    [InlineData("unknown command 'scor'; did you mean 'score'?", "scor", "x")]
    [InlineData("unknown command 'scor'; did you mean 'score'?", "scor", "--fromat", "csv", "a.txt")]
    [InlineData("'data' has no command 'chek'; did you mean 'check'?", "data", "chek", "x.jsonl", "y.jsonl")]
    public void An_unknown_command_with_arguments_is_one_message(string message, params string[] args)
    {
        var r = Run(args);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"rhetoric: {message} (see '{(args[0] == "data" ? "rhetoric data --help" : "rhetoric --help")}')", r.StdErr.TrimEnd('\n'));
    }

    [Theory]
    [InlineData("option '--format' must be one of jsonl, csv, parquet, table, html, not 'xml'", "score", "a.txt", "--format", "xml")]
    [InlineData("option '--format' must be one of table, json, csv, not 'xml'", "eval", "--data", "d.jsonl", "-f", "xml")]
    [InlineData("option '--shard' must be INDEX/COUNT with 0 <= INDEX < COUNT (for example 0/4), not '3/2'", "score", "a.txt", "--shard", "3/2")]
    [InlineData("--output needs a file name, not ''", "score", "a.txt", "--output", "")]
    [InlineData("option '--linear-weight' must be a number from 0 to 1, not 'abc'", "train", "--data", "a.txt", "-o", "m.zip", "--linear-weight", "abc")]
    [InlineData("option '--seconds' must be a whole number from 1 to 60, not '0'", "bench", "--seconds", "0")]
    [InlineData("option '--output' was given more than once ('x.jsonl', 'y.jsonl'); give it once (see 'rhetoric score --help')", "score", "a.txt", "-o", "x.jsonl", "--output", "y.jsonl")]
    [InlineData("option '--output' needs a value (FILE) (see 'rhetoric score --help')", "score", "a.txt", "--output")]
    [InlineData("option '-o' needs a value (FILE)", "score", "-o")]
    [InlineData("option '--include' needs a value (GLOB...)", "score", "a.txt", "--include")]
    [InlineData("option '--data' needs a value (PATH...)", "train", "-o", "m.zip", "--data")]
    [InlineData("'data check' needs at least one PATH: a labelled .jsonl or .csv file, or a folder of them", "data", "check")]
    [InlineData("explain.txt: no such file", "explain", "--file", "explain.txt")]
    [InlineData("'data' needs a command: check", "data")]
    [InlineData("'train' takes no positional arguments (got 'a.txt'); use --data PATH", "train", "a.txt", "-o", "m.zip")]
    [InlineData("'eval' takes no argument 'a.txt'", "eval", "a.txt")]
    public void An_invalid_value_exits_2_with_a_message_naming_the_option_and_the_value(string message, params string[] args)
        => AssertUsageError(message, args);

    // System.CommandLine has translated messages (copied beside the tests); the tool's are English whatever the
    // locale, so they never mix languages and scripts can match them.
    [Theory]
    [InlineData("de_DE.UTF-8")]
    [InlineData("ja_JP.UTF-8")]
    public void Messages_are_english_in_any_locale(string locale)
    {
        var r = CliRunner.RunWithEnvironment(_temp.Path, new Dictionary<string, string> { ["LANG"] = locale, ["LC_ALL"] = locale }, "score", "a.txt", "--output");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("rhetoric: option '--output' needs a value (FILE)", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void No_command_shows_the_overview_and_exits_2()
    {
        var r = Run();

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Commands:", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("score <PATH>", r.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("score --fo", "--format")]
    [InlineData("score --format ", "parquet")]
    [InlineData("eval -f ", "json")]
    [InlineData("da", "data")]
    [InlineData("data ", "check")]
    [InlineData("help ", "score")]
    [InlineData("help da", "data")]
    [InlineData("help data ", "check")]
    public void The_suggest_directive_completes_commands_options_and_values(string line, string completion)
    {
        var r = Run($"[suggest:{line.Length}]", line);

        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains(completion, r.StdOut.Split('\n', StringSplitOptions.TrimEntries));
    }

    [Theory]
    [InlineData("--fromat", "'--format'")]
    [InlineData("-format", "'--format'")]
    [InlineData("--sum", "'--summary'")]
    [InlineData("--qiuet", "'--quiet'")]
    [InlineData("--zebra", "")]
    [InlineData("-x", "")]
    public void Suggestions_allow_two_edits_a_swap_or_a_prefix(string typo, string suggested)
    {
        string suggestion = CommandTree.DidYouMean(typo, ["--format", "-f", "--summary", "--quiet", "-q", "--output", "-o", "--shard"]);

        Assert.Equal(suggested.Length == 0 ? "" : $"; did you mean {suggested}?", suggestion);
    }

    // Exit code 2, the message on standard error, nothing on standard output, no stack trace.
    private void AssertUsageError(string message, string[] args)
    {
        var r = Run(args);

        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.StdErr.Split('\n'), line => line.StartsWith("rhetoric: " + message, StringComparison.Ordinal)); // said once
        Assert.Equal("", r.StdOut);
        Assert.DoesNotContain("   at ", r.StdErr, StringComparison.Ordinal);
    }

    private static IEnumerable<Command> Commands(Command command)
        => command.Subcommands.SelectMany(Commands).Prepend(command);
}
