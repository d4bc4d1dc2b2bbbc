namespace RhetoricClassifier.Segmentation;

/// <summary>
/// A fast, rule-based sentence splitter tuned for corporate text: press releases, memos, earnings
/// calls and news. One pass over the characters, no allocation beyond the output list.
/// </summary>
/// <remarks>
/// <para>A sentence ends at <c>.</c>, <c>!</c>, <c>?</c> or an ellipsis followed by white space (plus any
/// closing quotes or brackets), unless the full stop belongs to an abbreviation (<c>Mr.</c>, <c>No.</c>,
/// <c>e.g.</c>), an initial (<c>Nate B. Jones</c>) or a list number, or the next word starts in lower case.
/// After <c>Inc.</c>, <c>Corp.</c>, <c>U.S.</c> and similar, it ends only when the next word is one that
/// typically opens a sentence. Full stops inside tokens (<c>$3.5</c>, <c>acme.com</c>, e-mail addresses)
/// never end a sentence because no white space follows them.</para>
/// <para>A blank line always ends a sentence; a single line break ends one when the next line starts
/// with a bullet or with anything but a lower-case letter and the line does not end with a comma,
/// which is how headlines, datelines and list items without a full stop are split.</para>
/// <para>Instances are immutable and safe to share across threads.</para>
/// </remarks>
public sealed class RuleBasedSegmenter : ISentenceSegmenter
{
    private readonly int _maxLength;

    /// <summary>Creates a segmenter.</summary>
    /// <param name="options">Options, or <see langword="null"/> for <see cref="SegmenterOptions.Default"/>.</param>
    public RuleBasedSegmenter(SegmenterOptions? options = null)
    {
        options ??= SegmenterOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSentenceLength, 16, nameof(options));
        _maxLength = options.MaxSentenceLength;
    }

    /// <summary>A shared instance with the default options.</summary>
    public static RuleBasedSegmenter Default { get; } = new();

    /// <summary>The longest sentence this segmenter returns, in characters.</summary>
    public int MaxSentenceLength => _maxLength;

    /// <inheritdoc />
    public void Segment(ReadOnlySpan<char> text, List<SentenceSpan> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        int n = text.Length;
        int start = -1;   // first character of the open sentence, -1 when none is open
        int last = -1;    // last non-white-space character seen
        int i = 0;
        while (i < n)
        {
            char c = text[i];
            if (c == '\n' || c == '\r')
            {
                if (start >= 0 && LineBreakEndsSentence(text, i, last))
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

            if (start < 0)
            {
                start = i;
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
                if ((after == n || char.IsWhiteSpace(text[after])) && EndsSentence(text, start, i, runEnd, after))
                {
                    sentences.Add(new SentenceSpan(start, after - start));
                    start = -1;
                }

                i = after;
                continue;
            }

            i++;
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

    private static bool LineBreakEndsSentence(ReadOnlySpan<char> text, int i, int last)
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

        if (char.IsLower(next))
        {
            return false;
        }

        char prev = last >= 0 ? text[last] : '\0';
        return prev is not (',' or '(' or '&' or '/' or '+');
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

    // text[termStart..runEnd) is a run of terminal punctuation, closers follow up to `after`, and white
    // space or the end of the text follows that.
    private static bool EndsSentence(ReadOnlySpan<char> text, int sentenceStart, int termStart, int runEnd, int after)
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
        if (run.Contains('!') || run.Contains('?') || run.Contains('！') || run.Contains('？') || run.Contains('。'))
        {
            return true;
        }

        if (run.Length > 1 || run[0] == '…')
        {
            // An ellipsis ends a sentence only before a capitalised word or an opening quote.
            return char.IsUpper(first) || first is '"' or '“' or '\'' or '‘';
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

        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return false; // an initial: "Nate B. Jones"
        }

        if (Abbreviations.IsNeverFinal(word))
        {
            return false;
        }

        if (Abbreviations.IsMaybeFinal(word))
        {
            return Abbreviations.IsSentenceStarter(TrimWord(next));
        }

        if (word.Length <= 3 && IsAllDigits(word) && termStart - word.Length == sentenceStart)
        {
            return false; // a list number "1." opening the sentence
        }

        return true;
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

    private static ReadOnlySpan<char> TrimWord(ReadOnlySpan<char> word)
    {
        int k = 0;
        while (k < word.Length && char.IsLetter(word[k]))
        {
            k++;
        }

        return word[..k];
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

    private static bool IsAllDigits(ReadOnlySpan<char> word)
    {
        foreach (char c in word)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
