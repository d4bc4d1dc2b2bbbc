using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using RhetoricClassifier.Cli.Commands;
using RhetoricClassifier.Cli.Output;
using RhetoricClassifier.Training;

namespace RhetoricClassifier.Cli;

/// <summary>
/// Every command, option and help text of <c>rhetoric</c>, declared for System.CommandLine. It parses;
/// the commands in <c>Commands/</c> read the values through <see cref="CommandArgs"/> and do the work. Parse
/// problems are turned into one message each (naming the option or command, with a "did you mean") for
/// exit code 2, instead of System.CommandLine's own report.
/// </summary>
internal static class CommandTree
{
    /// <summary>Response files (<c>@args.txt</c>) are off: a token that starts with @ stays a path, as before.</summary>
    public static ParserConfiguration Parser { get; } = new() { ResponseFileTokenReplacer = null };

    /// <summary>
    /// Exceptions reach <see cref="CliApp"/>, which maps them to exit codes; Ctrl+C, SIGTERM and SIGHUP are handled
    /// there too (System.CommandLine's own handler is off, so there is exactly one).
    /// </summary>
    public static InvocationConfiguration Invocation { get; } = new()
    {
        EnableDefaultExceptionHandler = false,
        ProcessTerminationTimeout = null,
        Output = new LineEndTrimmingWriter(() => Console.Out), // help, version and completions, without the spaces wrapping leaves at line ends
    };

    private const string Overview = """
        Tags the rhetoric in corporate statements, sentence by sentence (ai_justification, cost_capex,
        human_impact). Run 'rhetoric COMMAND --help' (or -h, -?, 'rhetoric help COMMAND') for a command's
        options.

        Exit codes: 0 success, 1 unexpected failure, 2 usage or input error, 130 interrupted,
        141 the reader of the output went away (broken pipe).
        """;

    public static RootCommand Build()
    {
        var root = new RootCommand(Overview);
        root.Add(Score());
        root.Add(Extract());
        root.Add(Train());
        root.Add(Eval());
        var data = new Command("data", "work with labelled data (data check)");
        data.Add(DataCheck());
        root.Add(data);
        root.Add(Explain());
        root.Add(Bench());
        root.Add(Help(root));
        HelpOption helpOption = root.Options.OfType<HelpOption>().Single();
        helpOption.Action = new DetailedHelp((HelpAction)helpOption.Action!);
        helpOption.Aliases.Remove("/h"); // on Unix these are paths, not help
        helpOption.Aliases.Remove("/?");
        helpOption.Description = "show help and usage information"; // lower case, like every other description
        root.Options.OfType<VersionOption>().Single().Description = "show the version (and the commit it was built from)";
        return root;
    }

    private static Command Score()
    {
        var score = new DetailedCommand("score", "tag every sentence of files, folders, .jsonl files or - (standard input)", """
            Tags every sentence of the inputs. PATH is a file (.txt .md .html .htm .pdf .docx; other
            extensions are read as text), a folder (its .txt .md .html .htm .pdf .docx files, recursively,
            in a stable order; hidden files and symbolic links inside it are skipped), a .jsonl file of
            {"id": "...", "text": "..."} records, or - for standard input. Web pages, PDFs and Word files are
            scored on the text a reader sees (menus, cookie banners, running headers and page numbers are left
            out); 'rhetoric extract' writes that text, to which start and length refer.
            Sentence records: document, index, start, length, text, labels, scores.
            """)
        {
            Paths("PATH", "files, folders, .jsonl files, or - for standard input (put -- before a path that starts with -)"),
            ModelOption(),
            Choice("--format", "-f", ["jsonl", "csv", "parquet", "table", "html"],
                "parquet needs --output FILE; table shows coloured sentences and tags, for people; html is a self-contained report "
                + "(use with --output) [default: table when standard output is a terminal, jsonl otherwise]"),
            Flag("--explain", null, "jsonl: add an \"explain\" object to each sentence record (per tag, base log-odds and word weights); table: the strongest words"),
            Valued("--output", "-o", "FILE", "write here instead of standard output (written to a temporary file and renamed when complete; "
                + "devices and FIFOs are written in place; never one of the inputs or the model)"),
            Flag("--no-split", null, "score each input record (file or .jsonl line) as one sentence"),
            Flag("--summary", null, "one record per document: sentence count, count and share per tag"),
            IncludeOption(),
            ExcludeOption(),
            SkipBadOption("skip malformed .jsonl lines and unreadable documents (damaged or encrypted PDF, a .docx that is not a zip) with a warning instead of stopping"),
            QuietOption("no progress display on standard error"),
            Flag("--csv-raw", null, "write CSV cells exactly; by default a cell starting with = + - @, tab or carriage return gets a leading ' so spreadsheets do not run it"),
            Valued("--shard", null, "I/N", "score only shard I of N (0-based): the documents whose identity (path relative to the folder named, "
                + "or .jsonl record id) hashes to I; N runs with I = 0..N-1 score exactly the unsharded run"),
        };
        return Run(score, ScoreCommand.RunAsync);
    }

    private static Command Extract()
    {
        var extract = new DetailedCommand("extract", "write the text read from web pages, PDFs and Word files", """
            Writes the text 'rhetoric score' reads from each input (web page, PDF, Word file or text file),
            one UTF-8 .txt per input, named after the input with .txt added (report.pdf -> report.pdf.txt),
            so you can see exactly what was scored; the start and length of each scored sentence refer to
            this text. PATH is a file or a folder (walked as by 'score'). Inputs are never overwritten; each
            output is written to a temporary file and renamed when complete.
            """)
        {
            Paths("PATH", "files or folders (put -- before a path that starts with -)"),
            Valued("--output", "-o", "DIR", "write into DIR (keeping the folder structure below a folder PATH) instead of next to each input"),
            IncludeOption(),
            ExcludeOption(),
            SkipBadOption("skip unreadable documents with a warning instead of stopping"),
            QuietOption("do not list the files written"),
        };
        return Run(extract, ExtractCommand.RunAsync);
    }

    private static Command Train()
    {
        var d = TrainingOptions.Default;
        var train = new DetailedCommand("train", "train a model on labelled sentences", """
            Trains a model on labelled sentences, prints the k-fold cross-validation table and writes the
            model (through a temporary file, so a failed run leaves nothing behind). A --data folder
            contributes its .jsonl and .csv files except those with "test" in the name.
            """)
        {
            // Not shown: present so that a stray path gets train's own message ("use --data PATH").
            new Argument<string[]>("PATH") { Arity = ArgumentArity.ZeroOrMore, Hidden = true },
            DataOption("labelled data: .jsonl or .csv files, or folders of them (required)"),
            Valued("--output", "-o", "FILE", "the model file to write (required)"),
            Valued("--folds", null, "K", Invariant($"cross-validation folds, 2 to 50 [default: {d.Folds}]")),
            Valued("--seed", null, "N", Invariant($"random seed [default: {d.Seed}]")),
            Valued("--trees", null, "N", Invariant($"boosted trees per tag, 1 to 10000 [default: {d.NumberOfTrees}]")),
            Valued("--leaves", null, "N", Invariant($"leaves per tree, 2 to 64 [default: {d.NumberOfLeaves}]")),
            Valued("--word-ngrams", null, "N", Invariant($"longest word n-gram, 1 to 4 [default: {d.WordNgramLength}]")),
            Valued("--char-ngrams", null, "MIN-MAX", Invariant($"character n-gram lengths (1 <= MIN <= MAX <= 8), or 0 for none [default: {d.CharNgramMin}-{d.CharNgramMax}]")),
            Valued("--linear-weight", null, "W", Invariant($"weight of the logistic regression blended with FastTree, 0 to 1 (0: FastTree alone) [default: {d.LinearWeight}]")),
            QuietOption("no progress lines"),
        };
        return Run(train, TrainCommand.RunAsync);
    }

    private static Command Eval()
    {
        var eval = new DetailedCommand("eval", "measure a model on labelled sentences", """
            Scores each labelled sentence (as one sentence, without splitting) and reports precision, recall
            and F1 per tag, and micro- and macro-F1. Folders are expanded as for 'train' but keep their test
            files. JSON and CSV use the same snake_case keys as every other output.
            """)
        {
            DataOption("labelled data: .jsonl or .csv files, or folders of them (required)"),
            ModelOption(),
            Choice("--format", "-f", ["table", "json", "csv"], "how to write the report [default: table]"),
        };
        return Run(eval, (args, ct) => Task.FromResult(EvalCommand.Run(args, ct)));
    }

    private static Command DataCheck()
    {
        var check = new DetailedCommand("check", "check labelled data: duplicates, tags, train/test overlap, counts", """
            Checks labelled data. Files with "test" in their name form the test split; the rest are training
            data (folders contribute their .jsonl and .csv files). Fails (exit 2) on unknown tags, empty
            text, exact or near duplicates (after normalising case, punctuation and digits, or a word
            overlap of 80% or more) and any overlap between training and test split. Prints counts per tag,
            per genre and the share of tagged sentences with several tags.
            """)
        {
            Paths("PATH", "labelled .jsonl or .csv files, or folders of them"),
        };
        return Run(check, (args, _) => Task.FromResult(DataCheckCommand.Run(args)));
    }

    private static Command Explain()
    {
        var explain = new DetailedCommand("explain", "which words pushed each tag up or down, coloured, with weights", """
            Explains each sentence (or each sentence of FILE, split as 'score' splits it): for every tag,
            the probability, whether it is tagged, the sentence with the words that pushed the tag up
            (green) or down (red), and the strongest words with their weights. Weights are exact Shapley
            values in log-odds: the base (the empty sentence) plus all weights is ln(p / (1 - p)).
            """)
        {
            Paths("SENTENCE", "sentences to explain, each in quotes"),
            Valued("--file", null, "FILE", "explain every sentence of this text file"),
            ModelOption(),
        };
        return Run(explain, ExplainCommand.RunAsync);
    }

    private static Command Bench()
    {
        var bench = new DetailedCommand("bench", "quick throughput measurement of each scoring path", """
            Prints sentences per second for: ML.NET's PredictionEngine (the baseline; left out by the
            Native AOT build of the tool, which cannot run ML.NET), one sentence at a time on our fast
            path, the batch scorer on pre-split sentences, and documents end to end (segmentation
            included). Sentences are repeated to at least 20,000; documents are made by
            joining them ten at a time. Single-threaded paths use one core; the batch scorer uses all.
            """)
        {
            DataOption("labelled .jsonl or .csv files or folders to measure with [default: the two held-out test splits, shipped inside the tool]"),
            ModelOption(),
            Valued("--seconds", null, "N", "measuring time, 1 to 60 [default: 3]"),
        };
        return Run(bench, (args, ct) => Task.FromResult(BenchCommand.Run(args, ct)));
    }

    // `rhetoric help data check` is `rhetoric data check --help`; an unknown command is a usage error.
    private static Command Help(RootCommand root)
    {
        var words = new Argument<string[]>("COMMAND") { Arity = ArgumentArity.ZeroOrMore, Description = "the command to describe, e.g. score or data check", HelpName = "COMMAND" };
        var help = new Command("help", "show the help of a command (e.g. 'rhetoric help data check')") { words };
        words.CompletionSources.Add(context =>
        {
            // The command named so far ('help data '), then its subcommands.
            Command current = root;
            foreach (string word in context.ParseResult.GetValue(words) ?? [])
            {
                if (word != context.WordToComplete && current.Subcommands.FirstOrDefault(c => c.Name == word) is { } next)
                {
                    current = next;
                }
            }

            return current.Subcommands.Where(c => !c.Hidden && c != help).Select(c => new CompletionItem(c.Name));
        });
        help.SetAction((result, cancellationToken) =>
        {
            string[] named = result.GetValue(words) ?? [];
            ParseResult target = root.Parse(named, Parser);
            if (target.UnmatchedTokens.Count > 0)
            {
                throw new UsageException(Unknown(target, target.UnmatchedTokens[0]));
            }

            return root.Parse([.. named, "--help"], Parser).InvokeAsync(Invocation, cancellationToken);
        });
        return help;
    }

    /// <summary>Writes the help of the whole tool to standard output (for <c>rhetoric</c> run without a command).</summary>
    public static void WriteOverview(RootCommand root) => root.Parse(["--help"], Parser).Invoke(Invocation);

    /// <summary>
    /// What is wrong with the command line, one message per problem, each naming the option or command and
    /// ending with where to read more; empty when the line can run (or asks for help, a version or completions).
    /// </summary>
    public static IReadOnlyList<string> Problems(ParseResult result)
    {
        Command command = result.CommandResult.Command;
        var problems = new List<string>();
        if (result.Action is not null && result.Action is not ParseErrorAction && result.Action != command.Action)
        {
            return problems; // help, version or completions: they run whatever else the line holds
        }

        // What follows an unknown command ('scor x', 'scor --fromat csv') belongs to it: that is the one message.
        if (command.Subcommands.Count > 0 && result.UnmatchedTokens.FirstOrDefault(t => !t.StartsWith('-')) is { } unknownCommand)
        {
            problems.Add(Unknown(result, unknownCommand));
            return problems;
        }

        // System.CommandLine gives a token it does not know to the paths, or to the option before it (--data a
        // --fromat). Before '--', a path that starts with '-' (other than '-' alone, standard input) or a value
        // that starts with '--' is an unknown option, so a mistake; a value such as '--output -x' is taken as given.
        Argument? paths = command.Arguments.FirstOrDefault();
        IReadOnlyList<Token> pathTokens = paths is null ? [] : result.GetResult(paths)?.Tokens ?? [];
        foreach (Token token in result.Tokens.TakeWhile(t => t.Type != TokenType.DoubleDash))
        {
            bool isPath = pathTokens.Any(p => ReferenceEquals(p, token));
            if (token.Type == TokenType.Argument && token.Value.Length > 1 && token.Value[0] == '-' && (isPath || token.Value[1] == '-'))
            {
                problems.Add(Unknown(result, token.Value));
            }
        }

        foreach (string token in result.UnmatchedTokens)
        {
            problems.Add(Unknown(result, token));
        }

        foreach (ParseError error in result.Errors)
        {
            // Unmatched tokens are reported above, with a suggestion.
            if (result.UnmatchedTokens.Any(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal)))
            {
                continue;
            }

            if (error.SymbolResult is CommandResult { Command: { Action: null, Subcommands.Count: > 0 } parent })
            {
                if (result.UnmatchedTokens.Count == 0)
                {
                    problems.Add($"'{PathOf(result)}' needs a command: {string.Join(", ", parent.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))} (see '{HelpCommand(result)}')");
                }

                continue;
            }

            problems.Add($"{Describe(error)} (see '{HelpCommand(result)}')");
        }

        // An unknown option can be both unmatched and among the tokens above: say it once.
        return problems.Distinct().ToList();
    }

    // System.CommandLine's message in the tool's own words where it is a common mistake, else in its style (no capital, no
    // full stop): the option as typed, and what it needs.
    private static string Describe(ParseError error)
    {
        if ((error.SymbolResult as OptionResult ?? error.SymbolResult?.Parent as OptionResult) is { Implicit: false } option)
        {
            Option o = option.Option;
            if (option.Tokens.Count == 0 && o.Arity.MinimumNumberOfValues > 0)
            {
                return $"option '{option.IdentifierToken?.Value ?? o.Name}' needs a value ({o.HelpName ?? "VALUE"})";
            }

            if (option.Tokens.Count > 1 && o.Arity.MaximumNumberOfValues == 1)
            {
                return $"option '{o.Name}' was given more than once ({string.Join(", ", option.Tokens.Select(t => $"'{t.Value}'"))}); give it once";
            }
        }

        string message = error.Message.TrimEnd('.');
        return message.Length == 0 ? "the command line cannot be parsed" : char.ToLowerInvariant(message[0]) + message[1..];
    }

    private static string Unknown(ParseResult result, string token)
    {
        Command command = result.CommandResult.Command;
        if (token.StartsWith('-'))
        {
            var names = command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith('-'));
            string dash = command.Arguments.Any(a => !a.Hidden) ? "; to name a path that starts with -, put -- before it" : "";
            return $"'{PathOf(result)}' has no option '{token}'{DidYouMean(token, names)} (see '{HelpCommand(result)}'{dash})";
        }

        if (command.Subcommands.Count > 0)
        {
            string what = command is RootCommand ? "unknown command" : $"'{PathOf(result)}' has no command";
            return $"{what} '{token}'{DidYouMean(token, command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))} (see '{HelpCommand(result)}')";
        }

        return $"'{PathOf(result)}' takes no argument '{token}' (see '{HelpCommand(result)}')";
    }

    /// <summary>
    /// The names closest to a mistyped <paramref name="token"/>: at most two edits away (one for short words, none for
    /// one letter; a swap of neighbours counts as one), or names it is the start of; compared without leading
    /// dashes so -format finds --format.
    /// </summary>
    internal static string DidYouMean(string token, IEnumerable<string> names)
    {
        string bare = token.TrimStart('-');
        int limit = bare.Length switch { <= 1 => 0, <= 3 => 1, _ => 2 }; // -x is one edit from every short alias
        var close = names.Distinct()
            .Select(n => (Name: n, Distance: Distance(bare, n.TrimStart('-'))))
            .Where(c => c.Distance <= limit || (bare.Length >= 3 && c.Name.TrimStart('-').StartsWith(bare, StringComparison.Ordinal)))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => $"'{c.Name}'")
            .Take(3)
            .ToList();
        return close.Count == 0 ? "" : $"; did you mean {string.Join(" or ", close)}?";
    }

    // Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    // "score", "data check", or "rhetoric" for the root.
    private static string PathOf(ParseResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result.CommandResult; r is CommandResult c && c.Command is not RootCommand; r = r.Parent)
        {
            names.Insert(0, c.Command.Name);
        }

        return names.Count == 0 ? "rhetoric" : string.Join(' ', names);
    }

    private static string HelpCommand(ParseResult result)
        => result.CommandResult.Command is RootCommand ? "rhetoric --help" : $"rhetoric {PathOf(result)} --help";

    private static Command Run(Command command, Func<CommandArgs, CancellationToken, Task<int>> run)
    {
        command.SetAction((result, cancellationToken) => run(new CommandArgs(result), cancellationToken));
        return command;
    }

    private static Argument<string[]> Paths(string name, string description, ArgumentArity? arity = null)
        => new(name) { Description = description, Arity = arity ?? ArgumentArity.ZeroOrMore };

    private static Option<bool> Flag(string name, string? alias, string description)
        => new(name, alias is null ? [] : [alias]) { Description = description };

    // Values are strings here and checked by the command (CommandArgs), whose messages give the allowed range.
    private static Option<string> Valued(string name, string? alias, string valueName, string description)
        => new(name, alias is null ? [] : [alias]) { Description = description, HelpName = valueName };

    private static Option<string> Choice(string name, string alias, string[] values, string description)
    {
        var option = Valued(name, alias, string.Join('|', values), description);
        option.CompletionSources.Add(values);
        return option;
    }

    private static Option<string[]> Many(string name, string valueName, string description)
        => new(name) { Description = description, HelpName = valueName, AllowMultipleArgumentsPerToken = true };

    private static Option<string> ModelOption() => Valued("--model", "-m", "FILE", "model to use [default: the built-in model]");

    private static Option<bool> QuietOption(string description) => Flag("--quiet", "-q", description);

    private static Option<bool> SkipBadOption(string description) => Flag("--skip-bad", null, description);

    private static Option<string[]> DataOption(string description) => Many("--data", "PATH...", description);

    private static Option<string[]> IncludeOption()
        => Many("--include", "GLOB...", "in folders, read only files matching a glob (e.g. '*.pdf', 'reports/**/*.htm'; a glob without '/' matches at any depth)");

    private static Option<string[]> ExcludeOption() => Many("--exclude", "GLOB...", "in folders, leave out files matching a glob");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A command with a one-line summary (listed under its parent) and a longer text (in its own help).</summary>
    private sealed class DetailedCommand(string name, string summary, string details) : Command(name, summary)
    {
        public string Details { get; } = details;
    }

    /// <summary>System.CommandLine's help, showing a command's longer text on its own page and wrapped when redirected.</summary>
    private sealed class DetailedHelp(HelpAction inner) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            if (Console.IsOutputRedirected)
            {
                inner.MaxWidth = 100; // otherwise unlimited: one line per option
            }

            Command command = parseResult.CommandResult.Command;
            string? summary = command.Description;
            if (command is DetailedCommand detailed)
            {
                command.Description = detailed.Details;
            }

            try
            {
                return inner.Invoke(parseResult);
            }
            finally
            {
                command.Description = summary;
            }
        }
    }
}
