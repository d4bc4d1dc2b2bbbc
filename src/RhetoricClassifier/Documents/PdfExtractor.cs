using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.Exceptions;

namespace RhetoricClassifier;

/// <summary>
/// Turns a PDF's text layer into paragraphs in reading order: PdfPig's words, grouped into blocks by
/// Docstrum layout analysis (which separates columns) and ordered by its reading-order detector; lines of
/// a block are split into paragraphs where the line spacing or font size jumps, joined with end-of-line
/// hyphenation undone, and a paragraph that runs off the bottom of a page continues on the next one.
/// Lines repeated at the top or bottom of most pages (running headers and footers) and page numbers are
/// dropped before layout analysis, so they neither show up nor split a paragraph.
/// </summary>
internal static partial class PdfExtractor
{
    private const int EdgeLines = 2;

    public static string Extract(Stream stream, string id, DocumentReaderOptions options, CancellationToken cancellationToken)
    {
        PdfDocument document;
        try
        {
            document = PdfDocument.Open(stream, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true, FilterProvider = PdfGuards.Filters });
        }
        catch (PdfDocumentEncryptedException e)
        {
            throw new DocumentReadException(id, "the PDF is encrypted (password-protected); remove the protection first", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new DocumentReadException(id, $"not a readable PDF (damaged or truncated): {e.Message}", e);
        }

        using (document)
        {
            List<List<Line>> pages;
            bool anyImage = false;
            var scannedPages = new List<int>();
            var oversizedPages = new List<int>();
            int pageCount = document.NumberOfPages;
            try
            {
                PdfGuards.RefuseReferenceLoops(document, id, cancellationToken);
                List<long?> contentBytes = PdfGuards.PageContentBytes(document, PdfGuards.MaxPages, PdfGuards.MaxPageContentBytes, cancellationToken);
                pages = [];
                for (int p = 1; p <= Math.Min(pageCount, PdfGuards.MaxPages); p++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (p <= contentBytes.Count && contentBytes[p - 1] > PdfGuards.MaxPageContentBytes)
                    {
                        oversizedPages.Add(p);
                        pages.Add([]);
                        continue;
                    }

                    Page page = document.GetPage(p);
                    if (page.Letters.Count == 0 && page.GetImages().Any())
                    {
                        anyImage = true;
                        scannedPages.Add(p);
                    }

                    pages.Add(Lines(page.GetWords().Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList()));
                }
            }
            catch (PdfStreamTooLargeException e)
            {
                throw new DocumentReadException(id, e.Message, e);
            }
            catch (Exception e) when (e is not OperationCanceledException and not DocumentReadException)
            {
                throw new DocumentReadException(id, $"not a readable PDF (damaged or truncated): {e.Message}", e);
            }

            if (oversizedPages.Count > 0)
            {
                options.OnWarning?.Invoke($"{id}: page{(oversizedPages.Count > 1 ? "s" : "")} {string.Join(", ", oversizedPages.Take(20))}{(oversizedPages.Count > 20 ? ", ..." : "")} skipped: over {PdfGuards.MaxPageContentBytes >> 20} MiB of drawing instructions each (not a page of text)");
            }

            if (pageCount > PdfGuards.MaxPages)
            {
                options.OnWarning?.Invoke($"{id}: only the first {PdfGuards.MaxPages:N0} of its {pageCount:N0} pages were read");
            }

            if (pages.All(p => p.Count == 0))
            {
                if (oversizedPages.Count == pages.Count && pages.Count > 0)
                {
                    return ""; // said above
                }

                options.OnWarning?.Invoke(anyImage || pages.Count > 0
                    ? $"{id}: no text layer; run OCR first"
                    : $"{id}: the PDF has no pages");
                return "";
            }

            // Text pages with scanned pages among them (an appendix, a signed letter) lose only the scans.
            if (scannedPages.Count > 0)
            {
                options.OnWarning?.Invoke($"{id}: page{(scannedPages.Count > 1 ? "s" : "")} {string.Join(", ", scannedPages)} ha{(scannedPages.Count > 1 ? "ve" : "s")} no text layer; run OCR first");
            }

            if (options.DropRunningHeaders)
            {
                DropRunningLines(pages);
            }

            var paragraphs = new List<List<string>>();
            foreach (List<Line> lines in pages)
            {
                cancellationToken.ThrowIfCancellationRequested();
                paragraphs.Add(Paragraphs(lines.SelectMany(l => l.Words).ToList()));
            }

            return BlockText.Join(JoinAcrossPages(paragraphs, new Dehyphenator(pages)), cancellationToken);
        }
    }

    // A paragraph whose last line has no closing punctuation continues on the next page.
    private static IEnumerable<string> JoinAcrossPages(List<List<string>> pages, Dehyphenator dehyphenator)
    {
        string? carry = null;
        foreach (List<string> paragraphs in pages)
        {
            for (int i = 0; i < paragraphs.Count; i++)
            {
                string paragraph = dehyphenator.JoinLines(paragraphs[i]);
                if (carry is not null)
                {
                    if (i == 0)
                    {
                        paragraph = dehyphenator.Join(carry, paragraph);
                    }
                    else
                    {
                        yield return carry;
                    }

                    carry = null;
                }

                if (i == paragraphs.Count - 1 && !EndsParagraph(paragraph))
                {
                    carry = paragraph;
                }
                else
                {
                    yield return paragraph;
                }
            }
        }

        if (carry is not null)
        {
            yield return carry;
        }
    }

    private static bool EndsParagraph(string text)
    {
        string t = text.TrimEnd();
        return t.Length == 0 || t[^1] is '.' or '!' or '?' or ':' or ';' or '"' or '\u201D' or '\u2019' or ')';
    }

    // Words on one baseline (page-wide: a running header or page number is one line whatever the columns).
    private static List<Line> Lines(List<Word> words)
    {
        var lines = new List<Line>();
        foreach (Word w in words.OrderByDescending(w => w.BoundingBox.Bottom).ThenBy(w => w.BoundingBox.Left))
        {
            double tolerance = Math.Max(1, w.BoundingBox.Height * 0.4);
            Line? line = lines.Count > 0 && Math.Abs(lines[^1].Baseline - w.BoundingBox.Bottom) <= tolerance ? lines[^1] : null;
            if (line is null)
            {
                line = new Line(w.BoundingBox.Bottom);
                lines.Add(line);
            }

            line.Words.Add(w);
        }

        foreach (Line line in lines)
        {
            line.Words.Sort((a, b) => a.BoundingBox.Left.CompareTo(b.BoundingBox.Left));
        }

        return lines;
    }

    // Running headers and footers: a line among the top or bottom lines of a page whose text (digits
    // ignored, so "Page 3 of 12" matches "Page 4 of 12") recurs at that edge on at least half the pages
    // (and at least two). Bare page numbers ("7", "- 7 -", "Page 7", "7 of 12") at an edge go on any page.
    private static void DropRunningLines(List<List<Line>> pages)
    {
        var counts = new Dictionary<(bool Top, string Key), int>();
        foreach (List<Line> lines in pages)
        {
            foreach (var (line, top) in EdgeLinesOf(lines))
            {
                var key = (top, line.Key);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        int needed = Math.Max(2, (pages.Count + 1) / 2);
        foreach (List<Line> lines in pages)
        {
            var drop = EdgeLinesOf(lines)
                .Where(e => counts[(e.Top, e.Line.Key)] >= needed || PageNumber().IsMatch(e.Line.Key))
                .Select(e => e.Line)
                .ToHashSet();
            lines.RemoveAll(drop.Contains);
        }
    }

    private static IEnumerable<(Line Line, bool Top)> EdgeLinesOf(List<Line> lines)
    {
        for (int i = 0; i < lines.Count; i++)
        {
            if (i < EdgeLines)
            {
                yield return (lines[i], true);
            }
            else if (i >= lines.Count - EdgeLines)
            {
                yield return (lines[i], false);
            }
        }
    }

    private static List<string> Paragraphs(List<Word> words)
    {
        var paragraphs = new List<string>();
        if (words.Count == 0)
        {
            return paragraphs;
        }

        IReadOnlyList<TextBlock> blocks = DocstrumBoundingBoxes.Instance.GetBlocks(words);
        blocks = UnsupervisedReadingOrderDetector.Instance.Get(blocks).OrderBy(b => b.ReadingOrder).ToList();

        // The usual distance between consecutive lines on this page (lower quartile, so that paragraph
        // gaps do not count as usual even when paragraphs are short); a larger jump starts a paragraph.
        var gaps = new List<double>();
        foreach (TextBlock block in blocks)
        {
            for (int i = 1; i < block.TextLines.Count; i++)
            {
                gaps.Add(block.TextLines[i - 1].BoundingBox.Bottom - block.TextLines[i].BoundingBox.Bottom);
            }
        }

        gaps.Sort();
        double usual = gaps.Count > 0 ? gaps[(gaps.Count - 1) / 4] : 0;
        foreach (TextBlock block in blocks)
        {
            var current = new List<string>();
            for (int i = 0; i < block.TextLines.Count; i++)
            {
                TextLine line = block.TextLines[i];
                if (i > 0 && current.Count > 0)
                {
                    TextLine previous = block.TextLines[i - 1];
                    double gap = previous.BoundingBox.Bottom - line.BoundingBox.Bottom;
                    double size = FontSize(line), previousSize = FontSize(previous);
                    bool jump = usual > 0 && gap > usual * 1.35;
                    bool newFont = Math.Abs(size - previousSize) > 0.15 * Math.Max(size, previousSize);
                    if (jump || newFont)
                    {
                        paragraphs.Add(string.Join('\n', current));
                        current.Clear();
                    }
                }

                current.Add(string.Join(' ', line.Words.Select(w => w.Text)));
            }

            if (current.Count > 0)
            {
                paragraphs.Add(string.Join('\n', current));
            }
        }

        return paragraphs;
    }

    private static double FontSize(TextLine line)
    {
        foreach (Word w in line.Words)
        {
            if (w.Letters.Count > 0)
            {
                return w.Letters[0].PointSize;
            }
        }

        return 0;
    }

    [GeneratedRegex(@"^(page\s*)?[-\u2013\u2014]?\s*#+\s*[-\u2013\u2014]?(\s*(of|/)\s*#+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PageNumber();

    private sealed class Line(double baseline)
    {
        private string? _key;

        public double Baseline { get; } = baseline;

        public List<Word> Words { get; } = [];

        /// <summary>The line's text in lower case, digits as '#', spaces collapsed.</summary>
        public string Key => _key ??= MakeKey();

        private string MakeKey()
        {
            var b = new StringBuilder();
            foreach (Word w in Words)
            {
                if (b.Length > 0)
                {
                    b.Append(' ');
                }

                foreach (char c in w.Text)
                {
                    b.Append(char.IsDigit(c) ? '#' : char.ToLowerInvariant(c));
                }
            }

            return b.ToString();
        }
    }

    /// <summary>
    /// Undoes end-of-line hyphenation. "re-" + "structuring" becomes "restructuring", but a real compound
    /// split at its hyphen stays hyphenated: when the hyphenated form occurs elsewhere in the document, when
    /// the joined form does not while either part is a word of its own, or when a part starts with a
    /// capital or digit ("AI-driven", "2026-based", "non-GAAP").
    /// </summary>
    private sealed class Dehyphenator
    {
        private readonly HashSet<string> _words = new(StringComparer.OrdinalIgnoreCase);

        public Dehyphenator(List<List<Line>> pages)
        {
            foreach (Word w in pages.SelectMany(p => p).SelectMany(l => l.Words))
            {
                string t = w.Text.Trim(TrimChars);
                if (t.Length > 0)
                {
                    _words.Add(t);
                }
            }
        }

        private static readonly HashSet<string> CompoundHeads = new(StringComparer.OrdinalIgnoreCase)
        {
            "cost", "long", "short", "mid", "full", "part", "self", "well", "year", "quarter", "high", "low", "non",
            "cross", "multi", "first", "second", "third", "one", "two", "three", "four", "five", "ten", "data",
            "decision", "customer", "market", "world", "time", "large", "small", "record", "double", "front",
            "back", "real", "end", "job", "labor", "labour", "cash", "top", "senior", "fast", "half", "all",
        };

        private static readonly char[] TrimChars = ['.', ',', ';', ':', '!', '?', '"', '\'', '(', ')', '\u201C', '\u201D', '\u2018', '\u2019'];

        /// <summary>Joins a paragraph's lines (separated by '\n') into one text.</summary>
        public string JoinLines(string paragraph)
        {
            string[] lines = paragraph.Split('\n');
            string text = lines[0];
            for (int i = 1; i < lines.Length; i++)
            {
                text = Join(text, lines[i]);
            }

            return text;
        }

        /// <summary>Joins two pieces of text that met at a line (or page) break.</summary>
        public string Join(string before, string after)
        {
            string b = before.TrimEnd();
            string a = after.TrimStart();
            if (b.Length > 1 && b[^1] is '-' or '\u00AD' && char.IsLetter(b[^2]) && a.Length > 0 && char.IsLetter(a[0]))
            {
                int headStart = b.LastIndexOf(' ') + 1;
                string head = b[headStart..^1];
                int tailEnd = a.IndexOf(' ');
                string tail = tailEnd < 0 ? a : a[..tailEnd];
                string tailWord = tail.TrimEnd(TrimChars);
                if (!KeepHyphen(head, tailWord))
                {
                    return b[..^1] + a;
                }

                return b + a;
            }

            return b + " " + a;
        }

        private bool KeepHyphen(string head, string tail)
        {
            if (head.Length == 0 || tail.Length == 0)
            {
                return false;
            }

            string lastHead = head[(head.LastIndexOf('-') + 1)..];
            if (_words.Contains(head + "-" + tail))
            {
                return true;
            }

            if (_words.Contains(lastHead + tail))
            {
                return false;
            }

            if (char.IsUpper(tail[0]) || char.IsDigit(lastHead[0]) || (lastHead.Length > 1 && lastHead.All(char.IsUpper)))
            {
                return true;
            }

            // First halves that mostly make hyphenated compounds in business writing ("cost-cutting",
            // "long-term", "year-end"), or both halves words seen on their own elsewhere in the document
            // ("restruc" + "turing" is not).
            return CompoundHeads.Contains(lastHead)
                || (_words.Contains(lastHead) && _words.Contains(tail) && lastHead.Length > 1);
        }
    }
}
