using System.Text;

namespace RhetoricClassifier;

/// <summary>
/// The one place where extracted blocks (paragraphs, headings, list items, table cells, quotes) become a
/// document's text. Every extractor only yields blocks; this joins them with a blank line, which the
/// sentence segmenter always treats as a sentence boundary, so a headline without a full stop or a table
/// cell never runs into the next block. Inside a block, runs of white space (including no-break spaces
/// and line breaks left over from the source layout) become one space.
/// </summary>
internal sealed class BlockText
{
    /// <summary>What goes between two blocks: a blank line, which always ends a sentence.</summary>
    public const string Separator = "\n\n";

    private readonly StringBuilder _text = new();

    /// <summary>Number of blocks added so far (empty blocks are not counted).</summary>
    public int BlockCount { get; private set; }

    /// <summary>Characters of text so far.</summary>
    public int Length => _text.Length;

    /// <summary>Joins <paramref name="blocks"/> into one text.</summary>
    public static string Join(IEnumerable<string> blocks, CancellationToken cancellationToken)
    {
        var text = new BlockText();
        foreach (string block in blocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            text.Add(block);
        }

        return text.ToString();
    }

    /// <summary>Adds one block; a block that is only white space adds nothing.</summary>
    public void Add(ReadOnlySpan<char> block)
    {
        int start = _text.Length;
        if (BlockCount > 0)
        {
            _text.Append(Separator);
        }

        int contentStart = _text.Length;
        bool pendingSpace = false;
        foreach (char c in block)
        {
            if (IsSpace(c))
            {
                pendingSpace = _text.Length > contentStart;
                continue;
            }

            // Control characters (form feeds, soft hyphens' neighbours in PDFs, stray NULs) carry no text.
            if (char.IsControl(c) || c == '\u00AD' || c == '\u200B' || c == '\uFEFF')
            {
                continue;
            }

            if (pendingSpace)
            {
                _text.Append(' ');
                pendingSpace = false;
            }

            _text.Append(c);
        }

        if (_text.Length == contentStart)
        {
            _text.Length = start;
            return;
        }

        BlockCount++;
    }

    /// <inheritdoc />
    public override string ToString() => _text.ToString();

    /// <summary>White space of any kind, including the no-break spaces web pages and PDFs are full of.</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is '\u00A0' or '\u2007' or '\u202F';
}
