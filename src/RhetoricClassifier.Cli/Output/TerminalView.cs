using Spectre.Console;
using Spectre.Console.Rendering;
using RhetoricClassifier.Cli.Report;

namespace RhetoricClassifier.Cli.Output;

/// <summary>
/// The human view on a terminal: tagged sentences, summaries and explanations, drawn with Spectre.Console
/// (colour only when the output is a terminal; plain aligned text in a file or pipe).
/// </summary>
internal sealed class TerminalView : IDisposable
{
    private static readonly string[] Colors = ["mediumpurple2", "orange1", "darkcyan"];
    private static readonly string[] Short = ["AI", "COST", "HUMAN"];

    private readonly StreamWriter _writer;
    private readonly float[] _thresholds;

    public TerminalView(Stream stream, bool terminal, RhetoricModel model)
    {
        _writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(new LineEndTrimmingWriter(() => _writer)), // rows are padded to the width: not in a file
        });
        Console.Profile.Width = terminal && !System.Console.IsOutputRedirected ? Math.Max(60, System.Console.WindowWidth) : 120;
        _thresholds = RhetoricTags.All.Select(model.Manifest.Threshold).ToArray();
    }

    public IAnsiConsole Console { get; }

    /// <summary>A coloured badge per tag of the set (empty markup for none).</summary>
    public static string Badges(TagSet tags)
        => string.Join(" ", tags.Enumerate().Select(t => $"[bold black on {Colors[(int)t]}] {Short[(int)t]} [/]"));

    /// <summary>The legend line: each tag's badge and name.</summary>
    public void Legend()
        => Console.MarkupLine(string.Join("   ", RhetoricTags.All.Select(t => $"{Badges(t.ToSet())} {Markup.Escape(t.DisplayName())}")));

    /// <summary>One document's (or part's) sentences as a table: index, tags, probabilities, text.</summary>
    public void Document(ReportDocument doc)
    {
        if (!doc.Continues)
        {
            Console.Write(new Rule($"[bold]{Markup.Escape(doc.Id)}[/]") { Justification = Justify.Left });
        }

        var table = new Table { Border = TableBorder.Simple, ShowHeaders = !doc.Continues, Expand = true };
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn(new TableColumn("tags").NoWrap());
        foreach (RhetoricTag t in RhetoricTags.All)
        {
            table.AddColumn(new TableColumn($"[{Colors[(int)t]}]{Short[(int)t].ToLowerInvariant()}[/]").RightAligned());
        }

        table.AddColumn(new TableColumn("sentence"));
        foreach (ReportSentence s in doc.Sentences)
        {
            var cells = new List<IRenderable> { new Text(s.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Markup(Badges(s.Tags)) };
            foreach (RhetoricTag t in RhetoricTags.All)
            {
                string p = s.Scores[t].ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
                cells.Add(new Markup(s.Tags.Contains(t) ? $"[bold {Colors[(int)t]}]{p}[/]" : $"[grey]{p}[/]"));
            }

            string text = Markup.Escape(s.Text.ReplaceLineEndings(" "));
            cells.Add(new Markup(s.Tags == TagSet.None ? $"[grey]{text}[/]" : text));
            if (s.TopWords is not null && s.Tags != TagSet.None)
            {
                cells[^1] = new Rows(cells[^1], new Markup($"[grey]{WhyMarkup(s)}[/]"));
            }

            table.AddRow(cells);
        }

        Console.Write(table);
    }

    /// <summary>The per-document summary as one aligned table: sentences, then count and share per tag.</summary>
    public void Summary(IReadOnlyList<(string Id, DocumentSummary Summary)> documents)
    {
        // Numbers never wrap, so the document names take the wrapping. On a narrow terminal (80 columns) the tag
        // columns are headed by the short badges (AI, COST, HUMAN) and show shares only, so the names keep some room.
        bool narrow = Console.Profile.Width < 110;
        var table = new Table { Border = TableBorder.Rounded };
        table.AddColumn("document");
        table.AddColumn(new TableColumn("sentences").RightAligned().NoWrap());
        foreach (RhetoricTag t in RhetoricTags.All)
        {
            string name = narrow ? Short[(int)t] : t.DisplayName();
            table.AddColumn(new TableColumn($"[{Colors[(int)t]}]{Markup.Escape(name)}[/]").RightAligned().NoWrap());
        }

        table.AddColumn(new TableColumn("untagged").RightAligned().NoWrap());
        int width = narrow ? 0 : documents.Select(d => Count(d.Summary.SentenceCount).Length).DefaultIfEmpty(1).Max(); // counts line up
        foreach ((string id, DocumentSummary s) in documents)
        {
            var cells = new List<string> { Markup.Escape(id), Count(s.SentenceCount) };
            cells.AddRange(RhetoricTags.All.Select(t => Share(s.Count(t), s.SentenceCount, width)));
            cells.Add(Share(s.UntaggedCount, s.SentenceCount, width));
            table.AddRow(cells.ToArray());
        }

        Console.Write(table);
    }

    /// <summary>One explained sentence: per tag, its probability and decision, the sentence with the words coloured by push, and the strongest words.</summary>
    public void Explanation(SentenceExplanation e)
    {
        Console.MarkupLine($"[bold]{Markup.Escape(e.Sentence.ReplaceLineEndings(" "))}[/]");
        foreach (TagExplanation t in e.Tags)
        {
            int k = (int)t.Tag;
            bool tagged = e.Classification.Tags.Contains(t.Tag);
            string verdict = tagged ? $"[bold black on {Colors[k]}] {Short[k]} [/] tagged" : "[grey]not tagged[/]";
            Console.MarkupLine($"  [{Colors[k]} bold]{Markup.Escape(t.Tag.DisplayName()),-20}[/] p = {t.Probability:0.000} (threshold {_thresholds[k]:0.00})  {verdict}  [grey]base {t.Base:+0.00;-0.00} log-odds[/]");
            Console.MarkupLine("    " + Highlighted(e.Sentence, t.Words));
            var top = t.Words.Where(w => w.Weight != 0).OrderByDescending(w => Math.Abs(w.Weight)).Take(6)
                .Select(w => $"[{(w.Weight > 0 ? "green" : "red")}]{w.Weight:+0.00;-0.00}[/] {Markup.Escape(w.Text)}");
            Console.MarkupLine("    " + string.Join("   ", top));
        }

        Console.WriteLine();
    }

    public void Dispose() => _writer.Dispose();

    // The sentence with each word coloured: green pushes towards the tag, red away; bold when strong.
    private static string Highlighted(string sentence, IReadOnlyList<WordWeight> words)
    {
        var sb = new System.Text.StringBuilder();
        int at = 0;
        foreach (WordWeight w in words)
        {
            sb.Append(Markup.Escape(sentence[at..w.Start].ReplaceLineEndings(" ")));
            string word = Markup.Escape(w.Text);
            sb.Append(Math.Abs(w.Weight) < 0.05 ? word : $"[{(Math.Abs(w.Weight) >= 0.5 ? "bold " : "")}{(w.Weight > 0 ? "green" : "red")}]{word}[/]");
            at = w.Start + w.Length;
        }

        return sb.Append(Markup.Escape(sentence[at..].ReplaceLineEndings(" "))).ToString();
    }

    private static string WhyMarkup(ReportSentence s)
        => string.Join("; ", s.Tags.Enumerate().Select(t => Short[(int)t].ToLowerInvariant() + ": " + string.Join(", ",
            s.TopWords![(int)t].Where(w => w.Weight > 0).Select(w => Markup.Escape(w.Text)))));

    // The count in a field of width (none when 0), then the share.
    private static string Share(int count, int total, int width)
        => total == 0 ? "-"
            : (width == 0 ? "" : Count(count).PadLeft(width) + "  ") + string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{100.0 * count / total,3:0}%");

    private static string Count(int count) => count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Writes everything drawn so far.</summary>
    public void Flush() => _writer.Flush();
}
