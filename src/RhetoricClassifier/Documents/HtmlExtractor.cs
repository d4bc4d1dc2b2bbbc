using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html;
using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens;
using AngleSharp.Text;

namespace RhetoricClassifier;

/// <summary>
/// Turns a web page into blocks of its main content, in bounded memory.
/// </summary>
/// <remarks>
/// <para>Why not a DOM, and why not Readability (SmartReader): both need the whole page in memory as a tree,
/// several times the file size, and an SEC filing of 50 MB would need hundreds of megabytes. Readability's
/// scoring also guesses one main container and can drop paragraphs of a statement split across
/// containers. Instead the page is cut into chunks at tag boundaries (outside comments, scripts and
/// attribute values), each chunk is tokenized by AngleSharp's HTML5 tokenizer (which decodes entities and
/// handles malformed markup), and a small element stack follows the tokens: chrome elements (navigation,
/// page header and footer, aside, forms, cookie banners, share bars, "most read" lists, hidden elements,
/// inline-XBRL headers) are skipped with everything inside them, block elements end a block.</para>
/// </remarks>
internal sealed partial class HtmlExtractor
{
    /// <summary>Characters tokenized at a time (a chunk ends at the last tag boundary before this many).</summary>
    internal const int DefaultChunkChars = 1 << 18;

    private static readonly HashSet<string> RawTextElements = new(StringComparer.Ordinal)
    {
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
    };

    private static readonly HashSet<string> ChromeElements = new(StringComparer.Ordinal)
    {
        "script", "style", "noscript", "template", "nav", "aside", "form", "button", "select", "svg", "math",
        "iframe", "dialog", "object", "canvas", "video", "audio", "map", "footer", "menu", "ix:header",
    };

    private static readonly HashSet<string> BlockElements = new(StringComparer.Ordinal)
    {
        "address", "article", "blockquote", "body", "br", "caption", "center", "dd", "details", "div", "dl",
        "dt", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html",
        "legend", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "ul",
    };

    // Containers never treated as chrome by their class or id: a body with class "has-cookie-banner"
    // must not take the whole page with it.
    private static readonly HashSet<string> NeverChrome = new(StringComparer.Ordinal) { "html", "body", "main", "article" };

    private BlockText _text = new();
    private readonly StringBuilder _block = new();
    private readonly StringBuilder _titleText = new();

    // The chunker's view of the markup, carried across chunks.
    private ScanState _scan = ScanState.Data;
    private readonly StringBuilder _scanTag = new();
    private bool _scanEndTag;
    private char _scanQuote;
    private int _scanDashes;
    private string? _scanRawName;
    private int _scanRawMatch;

    // The extractor's view of the elements, carried across chunks.
    private string? _skipName;
    private int _skipDepth;
    private int _articleDepth;
    private bool _inTitle;
    private bool _inBody;
    private bool _inH1;
    private string? _pendingTitle;

    private readonly int _chunkChars;

    private HtmlExtractor(int chunkChars) => _chunkChars = chunkChars;

    private enum ScanState
    {
        Data,
        TagOpen,
        TagName,
        InTag,
        InQuote,
        Bang,
        Comment,
        Bogus,
        RawText,
    }

    /// <summary>Extracts the text of the page in <paramref name="stream"/>.</summary>
    public static string Extract(Stream stream, CancellationToken cancellationToken, int chunkChars = DefaultChunkChars)
        => ExtractParts(stream, int.MaxValue, cancellationToken, chunkChars).Single();

    /// <summary>
    /// Extracts the text of the page in parts of whole blocks, each handed on once it holds at least
    /// <paramref name="partChars"/> characters, so memory stays bounded however large the page. The text is the
    /// parts joined with a blank line ("\n\n"); there is always at least one part.
    /// </summary>
    public static IEnumerable<string> ExtractParts(Stream stream, int partChars, CancellationToken cancellationToken, int chunkChars = DefaultChunkChars)
    {
        var extractor = new HtmlExtractor(chunkChars);
        byte[] bytes = ArrayPool<byte>.Shared.Rent(1 << 16);
        char[] chars = ArrayPool<char>.Shared.Rent(chunkChars + (1 << 17));
        bool any = false;
        try
        {
            int head = stream.ReadAtLeast(bytes.AsSpan(0, HtmlEncodingSniffer.HeadBytes), HtmlEncodingSniffer.HeadBytes, throwOnEndOfStream: false);
            Encoding encoding = HtmlEncodingSniffer.Detect(bytes.AsSpan(0, head), out int preamble);
            Decoder decoder = encoding.GetDecoder();
            int filled = decoder.GetChars(bytes, preamble, head - preamble, chars, 0, flush: false);
            bool end = head == 0;
            int readBytes = Math.Clamp(chunkChars / 4, 16, 1 << 16);
            while (!end)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int n = stream.Read(bytes, 0, readBytes);
                end = n == 0;
                EnsureRoom(ref chars, filled, encoding.GetMaxCharCount(Math.Max(n, 1)));
                filled += decoder.GetChars(bytes, 0, n, chars, filled, flush: end);
                if (filled >= extractor._chunkChars)
                {
                    filled = extractor.Feed(chars, filled, final: false);
                    if (extractor._text.Length >= partChars)
                    {
                        any = true;
                        yield return extractor.TakePart();
                    }
                }
            }

            extractor.Feed(chars, filled, final: true);
            extractor.Finish();
            if (!any || extractor._text.Length > 0)
            {
                yield return extractor.TakePart();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private string TakePart()
    {
        string part = _text.ToString();
        _text = new BlockText();
        return part;
    }

    private static void EnsureRoom(ref char[] chars, int filled, int more)
    {
        if (filled + more <= chars.Length)
        {
            return;
        }

        // Only a single comment, script or tag longer than a chunk grows the buffer.
        char[] bigger = ArrayPool<char>.Shared.Rent(Math.Max(chars.Length * 2, filled + more));
        chars.AsSpan(0, filled).CopyTo(bigger);
        ArrayPool<char>.Shared.Return(chars);
        chars = bigger;
    }

    // Tokenizes the buffer up to the last safe cut (all of it when final) and moves the rest to the front.
    private int Feed(char[] chars, int filled, bool final)
    {
        int cut = final ? filled : Scan(chars, filled);
        if (cut <= 0)
        {
            return final ? filled : DropLongConstruct(chars, filled);
        }

        Tokenize(new string(chars, 0, cut));
        chars.AsSpan(cut, filled - cut).CopyTo(chars);
        _scanFrom = filled - cut;
        _stateSince = Math.Max(0, _stateSince - cut);
        return filled - cut;
    }

    private int _scanFrom;

    // Where the chunker's current state began in the buffer: everything from there on is one construct's content.
    private int _stateSince;

    // A comment, a script or style body, or a quoted attribute value longer than two chunks (an inline image as a
    // data: URI, or a hostile page) would otherwise grow the buffer, then the chunk string and the tokenizer's
    // token with it: a 50 MB comment peaked at 687 MB. Its content never reaches the text, and the tokenizer only
    // needs how it starts and how it ends, so the middle is dropped: what precedes the construct and its first and
    // last characters stay (enough for a partial "</script" or "--" in progress). The scanner has read them all.
    private int DropLongConstruct(char[] chars, int filled)
    {
        const int Keep = 64;
        bool contentUnused = _scan is ScanState.Comment or ScanState.Bogus or ScanState.InQuote
            || (_scan == ScanState.RawText && _scanRawName is "script" or "style");
        if (!contentUnused || filled - _stateSince <= Math.Max(2 * _chunkChars, 4 * Keep))
        {
            return filled;
        }

        int from = _stateSince + Keep;
        chars.AsSpan(filled - Keep, Keep).CopyTo(chars.AsSpan(from));
        _scanFrom = from + Keep;
        return from + Keep;
    }

    // Advances the chunker over the new characters; returns the last position where a tag starts in
    // ordinary content (so the tokenizer is in its data state there), or 0 if there is none.
    private int Scan(char[] chars, int filled)
    {
        int lastCut = 0;
        for (int i = _scanFrom; i < filled; i++)
        {
            char c = chars[i];
            ScanState before = _scan;
            switch (_scan)
            {
                case ScanState.Data:
                    if (c == '<')
                    {
                        lastCut = i;
                        _scan = ScanState.TagOpen;
                        _scanEndTag = false;
                        _scanTag.Clear();
                    }

                    break;
                case ScanState.TagOpen:
                    if (c == '!')
                    {
                        _scan = ScanState.Bang;
                        _scanDashes = 0;
                    }
                    else if (c == '/' && !_scanEndTag)
                    {
                        _scanEndTag = true;
                    }
                    else if (char.IsAsciiLetter(c))
                    {
                        _scanTag.Append(char.ToLowerInvariant(c));
                        _scan = ScanState.TagName;
                    }
                    else
                    {
                        _scan = c == '?' || _scanEndTag ? ScanState.Bogus : ScanState.Data;
                    }

                    break;
                case ScanState.Bang:
                    if (c == '-' && ++_scanDashes == 2)
                    {
                        _scan = ScanState.Comment;
                        _scanDashes = 0;
                    }
                    else if (c != '-')
                    {
                        _scan = c == '>' ? ScanState.Data : ScanState.Bogus;
                    }

                    break;
                case ScanState.Comment:
                    if (c == '>' && _scanDashes >= 2)
                    {
                        _scan = ScanState.Data;
                    }

                    _scanDashes = c == '-' ? _scanDashes + 1 : 0;
                    break;
                case ScanState.Bogus:
                    if (c == '>')
                    {
                        _scan = ScanState.Data;
                    }

                    break;
                case ScanState.TagName:
                    if (c == '>')
                    {
                        EndOfTag();
                    }
                    else if (char.IsWhiteSpace(c) || c == '/')
                    {
                        _scan = ScanState.InTag;
                    }
                    else if (_scanTag.Length < 32)
                    {
                        _scanTag.Append(char.ToLowerInvariant(c));
                    }

                    break;
                case ScanState.InTag:
                    if (c is '"' or '\'')
                    {
                        _scanQuote = c;
                        _scan = ScanState.InQuote;
                    }
                    else if (c == '>')
                    {
                        EndOfTag();
                    }

                    break;
                case ScanState.InQuote:
                    if (c == _scanQuote)
                    {
                        _scan = ScanState.InTag;
                    }

                    break;
                case ScanState.RawText:
                    ScanRawText(c);
                    break;
            }

            if (_scan != before)
            {
                _stateSince = i + 1;
            }
        }

        _scanFrom = filled;
        return lastCut;
    }

    private void EndOfTag()
    {
        string name = _scanTag.ToString();
        if (!_scanEndTag && RawTextElements.Contains(name))
        {
            _scan = ScanState.RawText;
            _scanRawName = name;
            _scanRawMatch = 0;
        }
        else
        {
            _scan = ScanState.Data;
        }
    }

    // Looks for "</name" ending a script, style or other raw-text element.
    private void ScanRawText(char c)
    {
        string target = _scanRawName!;
        if (_scanRawMatch == 0)
        {
            _scanRawMatch = c == '<' ? 1 : 0;
        }
        else if (_scanRawMatch == 1)
        {
            _scanRawMatch = c == '/' ? 2 : (c == '<' ? 1 : 0);
        }
        else if (_scanRawMatch - 2 < target.Length)
        {
            _scanRawMatch = char.ToLowerInvariant(c) == target[_scanRawMatch - 2] ? _scanRawMatch + 1 : (c == '<' ? 1 : 0);
        }
        else if (char.IsWhiteSpace(c) || c is '/' or '>')
        {
            _scanEndTag = true;
            _scanTag.Clear().Append(target);
            _scan = ScanState.TagName;
            _scanRawMatch = 0;
            if (c == '>')
            {
                EndOfTag();
            }
            else
            {
                _scan = ScanState.InTag;
            }
        }
        else
        {
            _scanRawMatch = 0;
        }
    }

    private void Tokenize(string chunk)
    {
        using var source = new TextSource(chunk);
        var tokenizer = new HtmlTokenizer(source, HtmlEntityProvider.Resolver);
        while (true)
        {
            HtmlToken token = tokenizer.Get();
            switch (token.Type)
            {
                case HtmlTokenType.EndOfFile:
                    return;
                case HtmlTokenType.Character:
                    OnText(token.Data);
                    break;
                case HtmlTokenType.StartTag:
                    HtmlTagToken start = token.AsTag();
                    OnStart(start);
                    if (!start.IsSelfClosing && RawTextElements.Contains(start.Name))
                    {
                        // Without a tree builder, the tokenizer must be told that a script's or style's
                        // content is raw text, or "a < b" in a script would read as a tag.
                        tokenizer.State = start.Name switch
                        {
                            "script" => HtmlParseMode.Script,
                            "textarea" or "title" => HtmlParseMode.RCData,
                            _ => HtmlParseMode.Rawtext,
                        };
                    }

                    break;
                case HtmlTokenType.EndTag:
                    OnEnd(token.Name);
                    break;
            }
        }
    }

    private void OnStart(HtmlTagToken tag)
    {
        string name = tag.Name;
        bool opens = !tag.IsSelfClosing && !IsVoid(name);
        if (_skipName is not null)
        {
            if (opens && name == _skipName)
            {
                _skipDepth++;
            }

            return;
        }

        if (IsChrome(name, tag))
        {
            FlushBlock();
            if (opens)
            {
                _skipName = name;
                _skipDepth = 1;
            }

            return;
        }

        switch (name)
        {
            case "title" when !_inBody:
                _inTitle = true;
                _titleText.Clear();
                return;
            case "body":
                _inBody = true;
                break;
            case "article" or "main":
                _articleDepth++;
                break;
        }

        if (BlockElements.Contains(name))
        {
            FlushBlock();
            _inH1 = name == "h1";
        }
    }

    private void OnEnd(string name)
    {
        if (_skipName is not null)
        {
            if (name == _skipName && --_skipDepth == 0)
            {
                _skipName = null;
            }

            return;
        }

        switch (name)
        {
            case "title" when _inTitle:
                _inTitle = false;
                _pendingTitle = CleanTitle(_titleText.ToString());
                return;
            case "head":
                _inBody = true;
                break;
            case "article" or "main":
                _articleDepth = Math.Max(0, _articleDepth - 1);
                break;
        }

        if (BlockElements.Contains(name))
        {
            FlushBlock();
        }
    }

    private void OnText(string data)
    {
        if (_skipName is not null)
        {
            return;
        }

        if (_inTitle)
        {
            _titleText.Append(data);
        }
        else if (_inBody || !IsAllSpace(data))
        {
            // Text before <body> that is not in the title is body text of a page without a head.
            _inBody = true;
            _block.Append(data);
        }
    }

    private void Finish()
    {
        FlushBlock();
        if (_pendingTitle is not null)
        {
            _text.Add(_pendingTitle);
            _pendingTitle = null;
        }
    }

    private void FlushBlock()
    {
        bool h1 = _inH1;
        _inH1 = false;
        if (_block.Length == 0)
        {
            return;
        }

        string block = _block.ToString();
        _block.Clear();
        if (IsAllSpace(block) || CookieNotice().IsMatch(block))
        {
            return;
        }

        // The <title> usually repeats the headline with the site's name; it stands in for the headline only
        // when the page has no <h1> before its first paragraph.
        if (_pendingTitle is not null)
        {
            string title = _pendingTitle;
            _pendingTitle = null;
            if (!(h1 && title.Contains(Normalize(block), StringComparison.OrdinalIgnoreCase)))
            {
                _text.Add(title);
            }
        }

        _text.Add(block);
    }

    private bool IsChrome(string name, HtmlTagToken tag)
    {
        if (ChromeElements.Contains(name) || (name == "header" && _articleDepth == 0))
        {
            return true;
        }

        if (NeverChrome.Contains(name))
        {
            return false;
        }

        string? classes = null;
        foreach (var attribute in tag.Attributes)
        {
            switch (attribute.Name)
            {
                case "hidden":
                    return true;
                case "aria-hidden" when attribute.Value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase):
                    return true;
                case "style" when DisplayNone().IsMatch(attribute.Value):
                    return true;
                case "role" when ChromeRole().IsMatch(attribute.Value):
                    return true;
                case "class" or "id" or "data-component" or "aria-label":
                    classes = classes is null ? attribute.Value : classes + " " + attribute.Value;
                    break;
            }
        }

        return classes is not null && (ChromeName().IsMatch(classes) || ConsentPlatform().IsMatch(classes) || HiddenClass().IsMatch(classes));
    }

    private static string? CleanTitle(string title)
    {
        string t = Normalize(title);

        // "Headline | Section | Site" -> "Headline".
        int bar = t.IndexOf(" | ", StringComparison.Ordinal);
        if (bar > 0)
        {
            t = t[..bar];
        }

        // A title without a space ("acme-20251231.htm") is a file name, not a headline.
        return t.Length == 0 || !t.Contains(' ', StringComparison.Ordinal) ? null : t;
    }

    private static string Normalize(string s)
    {
        var b = new BlockText();
        b.Add(s);
        return b.ToString();
    }

    private static bool IsAllSpace(string s)
    {
        foreach (char c in s)
        {
            if (!BlockText.IsSpace(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsVoid(string name) => name is "area" or "base" or "br" or "col" or "embed" or "hr" or "img" or "input"
        or "link" or "meta" or "param" or "source" or "track" or "wbr";

    // Consent-management platforms name their banners inside longer words ("CybotCookiebotDialog").
    [GeneratedRegex(@"cookiebot|onetrust|didomi|qc-cmp|cc-window|cc-banner|truste|osano|usercentrics|sp_message|fc-consent|evidon|iubenda|cookielaw|cookie-?notice|cookie-?law", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConsentPlatform();

    // Utility classes that hide an element on every screen ("hidden-xs" hides it on small screens only).
    [GeneratedRegex(@"(?<![a-z0-9-])(hidden|d-none|is-hidden)(?![a-z0-9-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HiddenClass();

    // A consent notice whose container has no telling name is still recognisable by how it opens.
    [GeneratedRegex(@"^\s*(we|this (web)?site|our (web)?site) uses? cookies\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CookieNotice();

    [GeneratedRegex(@"display\s*:\s*none", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DisplayNone();

    [GeneratedRegex(@"^\s*(navigation|banner|contentinfo|complementary|search|dialog|alertdialog|menu|menubar|toolbar)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChromeRole();

    // Class, id and label words of page chrome; '-', '_' and spaces separate words, so "share-bar" and
    // "site_footer" match but "shareholders" and "article-header" do not.
    [GeneratedRegex(@"(?<![a-z0-9])(nav|navbar|navigation|menu|breadcrumbs?|cookies?|consent|gdpr|share|sharing|social|sidebar|footer|site-header|page-header|global-header|masthead|newsletter|subscribe|promo|advert|advertisement|ads?|related|trending|most-?read|most-?popular|most-?viewed|popular|comments?|paywall|skip-link|sr-only|visually-hidden|byline-share|modal|popup|pop-up|overlay|lightbox|tooltip)(?![a-z0-9])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChromeName();
}
