using RhetoricClassifier.Segmentation;

namespace RhetoricClassifier;

/// <summary>
/// A fast, rule-based sentence splitter tuned for corporate text: press releases, memos, earnings
/// calls and news. One pass over the characters, no allocation beyond the output list.
/// </summary>
/// <remarks>
/// <para>A sentence ends at <c>.</c>, <c>!</c>, <c>?</c> or an ellipsis followed by white space (plus any
/// closing quotes or brackets), unless the full stop belongs to an abbreviation (<c>Mr.</c>, <c>No.</c>,
/// <c>e.g.</c>), an initial (<c>Nate B. Jones</c>) or a list number, or the next word starts in lower case.
/// After <c>Inc.</c>, <c>Corp.</c>, <c>U.S.</c> and similar, it ends only when the next word is one that
/// typically opens a sentence ("in the U.S. How" ends one, "the U.S. Government" does not). Full stops
/// inside tokens (<c>$3.5</c>, <c>acme.com</c>, <c>e.g.</c>) never end a sentence, but a full stop, question
/// or exclamation mark run into a capitalised word ("this year.The company") does. A spaced ellipsis
/// (<c>. . .</c>) counts as one ellipsis.</para>
/// <para>Inline lists give one item per sentence: a bullet glyph (<c>•</c>) starts an item, and so does the
/// next marker of a list the sentence opened with ("1.) first 2.) second", "a. first b. second",
/// "(1) first (2) second") or a list introduced by a colon.</para>
/// <para>A blank line always ends a sentence; a single line break ends one when the next line starts
/// with a bullet or with anything but a lower-case letter and the line does not end with a comma,
/// which is how headlines, datelines and list items without a full stop are split. Before a lower-case
/// line it ends one after a colon or semicolon, or between short lower-case list lines.</para>
/// <para>Instances are immutable and safe to share across threads.</para>
/// </remarks>
public sealed class RuleBasedSegmenter : ISentenceSegmenter
{
    private readonly int _maxLength;

    /// <summary>Creates a segmenter.</summary>
    /// <param name="options">Options, or <see langword="null"/> for <see cref="SegmenterOptions.Default"/>.</param>
    public RuleBasedSegmenter(SegmenterOptions? options = null)
        : this(options, skipPlainRuns: true)
    {
    }

    // skipPlainRuns: false visits every character with the full rules; the tests hold the fast path to it.
    internal RuleBasedSegmenter(SegmenterOptions? options, bool skipPlainRuns)
    {
        options ??= SegmenterOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSentenceLength, 16, nameof(options));
        _maxLength = options.MaxSentenceLength;
        _skipPlainRuns = skipPlainRuns;
    }

    private readonly bool _skipPlainRuns;

    // Characters on which, inside an open sentence, no rule can fire: printable ASCII other than terminals and
    // ')' (which list markers end with), plus space and tab. See the skip in Segment for why that is exact.
    private static readonly System.Buffers.SearchValues<char> s_plain = System.Buffers.SearchValues.Create(
        "\t " + string.Concat(Enumerable.Range('!', '~' - '!' + 1).Select(c => (char)c).Where(c => c is not ('.' or '!' or '?' or ')'))));

    /// <summary>A shared instance with the default options.</summary>
    public static RuleBasedSegmenter Default { get; } = new();

    /// <summary>The longest sentence this segmenter returns, in characters.</summary>
    public int MaxSentenceLength => _maxLength;

    /// <inheritdoc />
    public void Segment(ReadOnlySpan<char> text, List<SentenceSpan> sentences) => Segment(text, sentences, CancellationToken.None);

    /// <summary>Every how many characters <see cref="Segment(ReadOnlySpan{char}, List{SentenceSpan}, CancellationToken)"/>
    /// looks at its token: a cancelled token is seen within this many characters plus at most one sentence (well under
    /// a millisecond), and the check costs nothing measurable.</summary>
    internal const int CancellationStride = 1 << 14;

    /// <summary>As <see cref="Segment(ReadOnlySpan{char}, List{SentenceSpan})"/>, checking <paramref name="cancellationToken"/>
    /// every <see cref="CancellationStride"/> characters so that one huge document does not hold up a cancelled run.</summary>
    internal void Segment(ReadOnlySpan<char> text, List<SentenceSpan> sentences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        int n = text.Length;
        int nextCheck = CancellationStride;
        int start = -1;   // first character of the open sentence, -1 when none is open
        int last = -1;    // last non-white-space character seen
        ListMarker marker = default; // the list marker ("1.", "b)", "(3)") that opens the sentence, if any
        int markerEnd = -1;          // its last character
        int i = 0;
        while (i < n)
        {
            if (i >= nextCheck)
            {
                cancellationToken.ThrowIfCancellationRequested();
                nextCheck = i + CancellationStride;
            }

            char c = text[i];
            if (c == '\n' || c == '\r')
            {
                if (start >= 0 && LineBreakEndsSentence(text, i, start, last))
                {
                    sentences.Add(new SentenceSpan(start, last - start + 1));
                    start = -1;
                }

                i++;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (start >= 0 && char.IsWhiteSpace(text[i - 1]) && StartsInlineItem(text, i, start, last, markerEnd, marker))
            {
                sentences.Add(new SentenceSpan(start, last - start + 1));
                start = -1;
            }

            if (start < 0)
            {
                start = i;
                marker = OpeningMarker(text, i, out markerEnd);
            }

            if (i - start >= _maxLength)
            {
                i = CutLongSentence(text, ref start, ref last, i, sentences);
                continue;
            }

            last = i;
            if (IsTerminal(c))
            {
                int limit = start + _maxLength;
                int runEnd = i + 1;
                while (runEnd < n && runEnd < limit && IsTerminal(text[runEnd]))
                {
                    runEnd++;
                }

                runEnd = SpacedEllipsisEnd(text, i, runEnd, limit);

                int after = runEnd;
                while (after < n && after < limit && IsCloser(text[after]))
                {
                    after++;
                }

                last = after - 1;
                if (after == limit && after < n && !char.IsWhiteSpace(text[after]))
                {
                    // A run of punctuation reached the length cap: cut here.
                    sentences.Add(new SentenceSpan(start, after - start));
                    start = -1;
                    i = after;
                    continue;
                }
                if ((after == n || char.IsWhiteSpace(text[after])) && EndsSentence(text, i, runEnd, after, markerEnd))
                {
                    sentences.Add(new SentenceSpan(start, after - start));
                    start = -1;
                }
                else if (after < n && !char.IsWhiteSpace(text[after]) && RunsTogether(text, start, i, runEnd, ref after))
                {
                    // "...this year.The company...": no space after the full stop, but a new sentence.
                    sentences.Add(new SentenceSpan(start, after - start));
                    last = after - 1;
                    start = -1;
                }

                i = after;
                continue;
            }

            if (!_skipPlainRuns)
            {
                i++;
                continue;
            }

            // The sentence is open and text[i] is neither white space nor a terminal. Up to the next character
            // outside s_plain (a terminal, ')', a line break, other controls, anything beyond ASCII) no rule
            // can fire except at the start of the last word before it: a word start inside the run could
            // only begin an inline list item with a marker, and every marker ends in '.' or ')' before any
            // white space, so within the run only 'last' moves. The run is found with one vectorised search
            // per stretch of plain text (usually most of a sentence) rather than character by character, and
            // never reaches past the length cap, which the body above checks character by character.
            int stop = Math.Min(n, start + _maxLength);
            int j = i + 1;
            int plain = text[j..stop].IndexOfAnyExcept(s_plain);
            int p = plain < 0 ? stop : j + plain;
            int space = text[j..p].LastIndexOfAny(' ', '\t');
            if (space < 0)
            {
                last = p - 1;
                i = p;
                continue;
            }

            // Resume at the start of the word touching p (or at p itself after white space); 'last' is the
            // last character before it that is not white space (text[i] at worst).
            int resume = j + space + 1;
            int k = j + space - 1;
            while (text[k] is ' ' or '\t')
            {
                k--;
            }

            last = k;
            i = resume;
        }

        if (start >= 0)
        {
            sentences.Add(new SentenceSpan(start, last - start + 1));
        }
    }

    // The sentence has reached the length cap at `i`: close it at the last white space in its tail, or
    // right here when there is none (never between the halves of a surrogate pair). Returns where to resume.
    private static int CutLongSentence(ReadOnlySpan<char> text, ref int start, ref int last, int i, List<SentenceSpan> sentences)
    {
        int floor = Math.Max(start + 1, i - 128);
        int ws = i - 1;
        while (ws >= floor && !char.IsWhiteSpace(text[ws]))
        {
            ws--;
        }

        int end; // exclusive
        if (ws >= floor)
        {
            end = ws;
            while (end > start && char.IsWhiteSpace(text[end - 1]))
            {
                end--;
            }
        }
        else
        {
            end = char.IsLowSurrogate(text[i]) && char.IsHighSurrogate(text[i - 1]) ? i - 1 : i;
        }

        sentences.Add(new SentenceSpan(start, end - start));
        start = -1;
        last = end - 1;
        return end;
    }

    private static bool IsTerminal(char c) => c is '.' or '!' or '?' or '…' or '。' or '！' or '？';

    private static bool IsCloser(char c) => c is '"' or '\'' or '”' or '’' or ')' or ']' or '»' or '」' or '*' or '_';

    private static bool IsBullet(char c) => c is '-' or '*' or '•' or '·' or '–' or '—' or '▪' or '►' or '‣' or '◦' or '✓' or '✔' or '>' or '#';

    private static bool LineBreakEndsSentence(ReadOnlySpan<char> text, int i, int start, int last)
    {
        // Look at the next line: a blank line ends the sentence outright.
        int j = i + 1;
        if (text[i] == '\r' && j < text.Length && text[j] == '\n')
        {
            j++;
        }

        while (j < text.Length && text[j] != '\n' && text[j] != '\r' && char.IsWhiteSpace(text[j]))
        {
            j++;
        }

        if (j >= text.Length || text[j] == '\n' || text[j] == '\r')
        {
            return true;
        }

        char next = text[j];
        if (IsBullet(next) || IsListNumber(text, j))
        {
            return true;
        }

        char prev = last >= 0 ? text[last] : '\0';
        if (char.IsLower(next))
        {
            return prev is ':' or ';' || IsLowerCaseListLine(text, start, last);
        }

        return prev is not (',' or '(' or '&' or '/' or '+');
    }

    // A list of lower-case lines without bullets ("fewer layers\nflatter teams"): the open sentence is one
    // short line that itself started in lower case at the start of a line and does not end in a word that
    // carries on (wrapped prose starts with a capital, or breaks after "the", "of", "because").
    private static bool IsLowerCaseListLine(ReadOnlySpan<char> text, int start, int last)
    {
        if (!char.IsLower(text[start]) || last - start >= 60 || !char.IsLetterOrDigit(text[last]))
        {
            return false;
        }

        int k = start - 1;
        while (k >= 0 && text[k] is ' ' or '\t')
        {
            k--;
        }

        if (k >= 0 && text[k] is not ('\n' or '\r'))
        {
            return false;
        }

        ReadOnlySpan<char> line = text[start..(last + 1)];
        if (line.ContainsAny('\n', '\r'))
        {
            return false;
        }

        int w = line.LastIndexOf(' ');
        return !Abbreviations.IsContinuationWord(line[(w + 1)..]);
    }

    // "1." "12)" "a)" at the start of a line.
    private static bool IsListNumber(ReadOnlySpan<char> text, int j)
    {
        int k = j;
        while (k < text.Length && k - j < 3 && char.IsAsciiDigit(text[k]))
        {
            k++;
        }

        if (k == j && k < text.Length && char.IsAsciiLetterLower(text[k]))
        {
            k++;
            return k < text.Length && text[k] == ')';
        }

        return k > j && k < text.Length && (text[k] == '.' || text[k] == ')') && k + 1 < text.Length && char.IsWhiteSpace(text[k + 1]);
    }

    // The list marker at `j` ("3." "3)" "3.)" "(3)" and the same with one letter), followed by white space;
    // `end` is its last character.
    private static ListMarker ParseMarker(ReadOnlySpan<char> text, int j, out int end)
    {
        end = -1;
        int n = text.Length;
        bool enclosed = j < n && text[j] == '(';
        int k = enclosed ? j + 1 : j;
        int value = 0;
        int kind;
        if (k < n && char.IsAsciiDigit(text[k]))
        {
            int digits = k;
            while (k < n && k - digits < 4 && char.IsAsciiDigit(text[k]))
            {
                value = (value * 10) + (text[k++] - '0');
            }

            if (k - digits > 3)
            {
                return default;
            }

            kind = 0;
        }
        else if (k < n && char.IsAsciiLetter(text[k]))
        {
            kind = char.IsAsciiLetterLower(text[k]) ? 1 : 2;
            value = (text[k] | 0x20) - 'a' + 1;
            k++;
        }
        else
        {
            return default;
        }

        int punctuation;
        if (enclosed)
        {
            if (k >= n || text[k] != ')')
            {
                return default;
            }

            punctuation = 3;
        }
        else if (k < n && text[k] == ')')
        {
            punctuation = 1;
        }
        else if (k < n && text[k] == '.')
        {
            punctuation = k + 1 < n && text[k + 1] == ')' ? 2 : 0;
            k += punctuation == 2 ? 1 : 0;
        }
        else
        {
            return default;
        }

        if (k + 1 >= n || !char.IsWhiteSpace(text[k + 1]))
        {
            return default;
        }

        end = k;
        return new ListMarker((byte)(1 + (kind * 4) + punctuation), value);
    }

    // The list marker that opens a sentence at `i`, after an optional bullet: "1. Fewer layers", "• 9. Close".
    private static ListMarker OpeningMarker(ReadOnlySpan<char> text, int i, out int end)
    {
        int j = i;
        if (IsBullet(text[j]))
        {
            j++;
            while (j < text.Length && text[j] is ' ' or '\t' or '\u00A0')
            {
                j++;
            }
        }

        return ParseMarker(text, j, out end);
    }

    // A new item of an inline list starts at `i` (just after white space) inside the open sentence: a bullet
    // glyph, or the next marker of the list the sentence opened with ("1.) first 2.) second"), or the
    // first marker of a list introduced by a colon when its second marker follows.
    private static bool StartsInlineItem(ReadOnlySpan<char> text, int i, int start, int last, int markerEnd, ListMarker opening)
    {
        char c = text[i];
        if (c is '•' or '▪' or '►' or '‣' or '◦')
        {
            return i + 1 < text.Length && char.IsWhiteSpace(text[i + 1]);
        }

        if (!(char.IsAsciiLetterOrDigit(c) || c == '('))
        {
            return false;
        }

        ListMarker marker = ParseMarker(text, i, out int end);
        if (marker.Style == 0)
        {
            return false;
        }

        if (opening.Style == marker.Style && marker.Value == opening.Value + 1 && last > markerEnd)
        {
            return true; // an item has words of its own: "A. B. Smith" is a name, not a list
        }

        return marker.Value == 1 && last >= start && text[last] == ':' && HasMarkerAhead(text, end + 1, marker with { Value = 2 });
    }

    private static bool HasMarkerAhead(ReadOnlySpan<char> text, int from, ListMarker wanted)
    {
        int stop = Math.Min(text.Length, from + 500);
        for (int p = from + 1; p < stop; p++)
        {
            if (text[p] is '\n' or '\r')
            {
                return false;
            }

            if (char.IsWhiteSpace(text[p - 1]) && ParseMarker(text, p, out _) == wanted)
            {
                return true;
            }
        }

        return false;
    }

    // A run of full stops separated by single spaces (". . ." or ". . . .") is one ellipsis: returns the end
    // of the run starting at `termStart`, extended over such a spaced ellipsis when there is one.
    private static int SpacedEllipsisEnd(ReadOnlySpan<char> text, int termStart, int runEnd, int limit)
    {
        if (text[runEnd - 1] != '.')
        {
            return runEnd;
        }

        int dots = text[termStart..runEnd].Count('.');
        int k = runEnd;
        int end = Math.Min(text.Length, limit);
        while (k + 1 < end && text[k] is ' ' or '\u00A0' && text[k + 1] == '.')
        {
            k += 2;
            dots++;
        }

        return dots >= 3 ? k : runEnd;
    }

    // text[termStart..runEnd) is a run of terminal punctuation, closers follow up to `after`, and white
    // space or the end of the text follows that. `markerEnd` is the end of the list marker opening the
    // sentence, or -1.
    private static bool EndsSentence(ReadOnlySpan<char> text, int termStart, int runEnd, int after, int markerEnd)
    {
        ReadOnlySpan<char> next = NextWord(text, after);
        if (next.IsEmpty)
        {
            return true;
        }

        char first = next[0];
        if (char.IsLower(first) || first is '-' or '–' or '—')
        {
            return false; // "approx. half", "SAN JOSE, Calif. -- Acme said"
        }

        ReadOnlySpan<char> run = text[termStart..runEnd];
        if (run.ContainsAny('!', '?', '！') || run.ContainsAny('？', '。'))
        {
            return true;
        }

        if (run.Length > 1 || run[0] == '…')
        {
            // An ellipsis ends a sentence only before a capitalised word or an opening quote.
            return char.IsUpper(first) || first is '"' or '“' or '\'' or '‘';
        }

        if (termStart <= markerEnd)
        {
            return false; // the full stop of the list marker opening the sentence: "1. Fewer layers", "1.) Cut"
        }

        if (after > runEnd)
        {
            // A closing quote or bracket after the full stop: the abbreviation rules do not apply.
            return true;
        }

        ReadOnlySpan<char> word = WordBefore(text, termStart);
        if (word.IsEmpty)
        {
            return true;
        }

        ReadOnlySpan<char> nextWord = TrimWord(next);
        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return Abbreviations.IsSentenceStarter(nextWord); // "Nate B. Jones" but "its Series A. The round"
        }

        if (!Abbreviations.MayBeListed(word))
        {
            return true; // an ordinary word ("year.", "jobs."): none of the lookups below can match
        }

        if (Abbreviations.IsNumberPrefix(word))
        {
            return !(char.IsAsciiDigit(first) || first == '#'); // "No. 3" but "No. The budget"
        }

        if (Abbreviations.IsNeverFinal(word))
        {
            return false;
        }

        if (Abbreviations.IsClockOrList(word))
        {
            return !(Abbreviations.IsTimeZone(nextWord) || IsPlaceTime(text, after)); // "9 a.m. Staff" but "9 a.m. Eastern", "4 p.m. Lisbon time"
        }

        if (Abbreviations.IsMaybeFinal(word))
        {
            return Abbreviations.IsSentenceStarter(nextWord);
        }

        return true;
    }

    // A full stop, question or exclamation mark with no space before a capitalised word ("this year.The
    // company", "about AI?No"), which is how copied text often runs sentences together; not in names
    // ("ASP.NET"), addresses ("acme.Example.com"), abbreviations or decimals. When a straight quote follows
    // the mark and the sentence's quotes are balanced, the quote opens the next sentence: `after` moves back.
    private static bool RunsTogether(ReadOnlySpan<char> text, int start, int termStart, int runEnd, ref int after)
    {
        int n = text.Length;
        if (termStart == start || after + 1 >= n || !char.IsUpper(text[after]) || !char.IsLower(text[after + 1]))
        {
            return false;
        }

        ReadOnlySpan<char> run = text[termStart..runEnd];
        char before = text[termStart - 1];
        if (run is ".")
        {
            if (!(char.IsLower(before) || char.IsAsciiDigit(before) || before is '%' or ')'))
            {
                return false;
            }

            ReadOnlySpan<char> word = WordBefore(text, termStart);
            int wordStart = termStart - word.Length;
            if (word.Contains('.') || (wordStart > 0 && text[wordStart - 1] is '.' or '/' or '@' or ':' or '\\' or '_')
                || (Abbreviations.MayBeListed(word) && (Abbreviations.IsNeverFinal(word) || Abbreviations.IsMaybeFinal(word) || Abbreviations.IsNumberPrefix(word))))
            {
                return false;
            }
        }
        else if (!(run.IndexOfAnyExcept('!', '?') < 0 && char.IsLetterOrDigit(before)))
        {
            return false;
        }

        int m = after;
        while (m < n && char.IsLetter(text[m]))
        {
            m++;
        }

        if (m < n && (text[m] is '/' or '@' || (text[m] == '.' && m + 1 < n && char.IsLetter(text[m + 1]))))
        {
            return false;
        }

        ReadOnlySpan<char> closers = text[runEnd..after];
        if (!closers.IsEmpty && closers.IndexOfAnyExcept('"') < 0 && text[start..termStart].Count('"') % 2 == 0)
        {
            after = runEnd; // `she said."Now we rebuild."`: the quote opens the next sentence
        }

        return true;
    }

    // "Lisbon time", "New York time": one to three capitalised words and then "time".
    private static bool IsPlaceTime(ReadOnlySpan<char> text, int from)
    {
        int j = from;
        for (int words = 0; words < 4; words++)
        {
            while (j < text.Length && char.IsWhiteSpace(text[j]))
            {
                j++;
            }

            int k = j;
            while (k < text.Length && !char.IsWhiteSpace(text[k]))
            {
                k++;
            }

            ReadOnlySpan<char> w = text[j..k];
            if (w.IsEmpty || (words > 0 && TrimWord(w) is "time"))
            {
                return !w.IsEmpty;
            }

            if (!char.IsUpper(w[0]))
            {
                return false;
            }

            j = k;
        }

        return false;
    }

    private static ReadOnlySpan<char> NextWord(ReadOnlySpan<char> text, int from)
    {
        int j = from;
        while (j < text.Length && char.IsWhiteSpace(text[j]))
        {
            j++;
        }

        int k = j;
        while (k < text.Length && !char.IsWhiteSpace(text[k]))
        {
            k++;
        }

        return text[j..k];
    }

    // The letters of a word, after any opening quotes or brackets: "The" in "\"The", "We" in "(We".
    private static ReadOnlySpan<char> TrimWord(ReadOnlySpan<char> word)
    {
        int j = 0;
        while (j < word.Length && word[j] is '"' or '“' or '\'' or '‘' or '(' or '[')
        {
            j++;
        }

        int k = j;
        while (k < word.Length && char.IsLetter(word[k]))
        {
            k++;
        }

        return word[j..k];
    }

    // The letters, digits and inner full stops right before a full stop: "U.S" in "U.S.", "Inc" in "Inc.".
    private static ReadOnlySpan<char> WordBefore(ReadOnlySpan<char> text, int dot)
    {
        int k = dot;
        while (k > 0 && (char.IsLetterOrDigit(text[k - 1]) || (text[k - 1] == '.' && k - 1 > 0 && char.IsLetter(text[k - 2]))))
        {
            k--;
        }

        return text[k..dot];
    }

    // A list marker's style (digit, lower or upper letter; ".", ")", ".)" or "( )") and value; style 0 is none.
    private readonly record struct ListMarker(byte Style, int Value);
}
