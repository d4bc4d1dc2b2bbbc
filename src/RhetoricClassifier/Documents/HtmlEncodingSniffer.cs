using System.Text;
using System.Text.RegularExpressions;

namespace RhetoricClassifier;

/// <summary>
/// Picks the encoding of a web page the way browsers do, simplified: a byte-order mark wins, then a
/// <c>&lt;meta charset&gt;</c> (or <c>http-equiv</c> content type, or XML declaration) in the first bytes,
/// then UTF-8 if those bytes are valid UTF-8, else windows-1252 (what undeclared legacy pages use).
/// As in browsers, the labels <c>iso-8859-1</c> and <c>us-ascii</c> mean windows-1252.
/// </summary>
internal static partial class HtmlEncodingSniffer
{
    /// <summary>How many leading bytes are searched for a declaration.</summary>
    public const int HeadBytes = 8192;

    private static readonly UTF8Encoding LenientUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>windows-1252, from the code-pages provider without registering it process-wide.</summary>
    public static Encoding Windows1252 { get; } = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    public static Encoding Detect(ReadOnlySpan<byte> head, out int preambleLength)
    {
        preambleLength = 0;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            preambleLength = 3;
            return LenientUtf8;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            preambleLength = 2;
            return Encoding.Unicode;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            preambleLength = 2;
            return Encoding.BigEndianUnicode;
        }

        string ascii = Encoding.Latin1.GetString(head);
        Match m = Declaration().Match(ascii);
        if (m.Success && FromLabel(m.Groups["label"].Value) is { } declared)
        {
            return declared;
        }

        return System.Text.Unicode.Utf8.IsValid(TrimIncompleteTail(head)) ? LenientUtf8 : Windows1252;
    }

    private static Encoding? FromLabel(string label)
    {
        switch (label.Trim().ToLowerInvariant())
        {
            case "utf-8" or "utf8" or "unicode-1-1-utf-8":
                return LenientUtf8;
            case "windows-1252" or "cp1252" or "x-cp1252" or "iso-8859-1" or "iso8859-1" or "latin1" or "l1" or "us-ascii" or "ascii" or "ansi_x3.4-1968":
                return Windows1252;
            // A page that declares UTF-16 without a byte-order mark is ASCII-compatible in fact (HTML spec).
            case "utf-16" or "utf-16le" or "utf-16be":
                return LenientUtf8;
        }

        try
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(label.Trim()) ?? Encoding.GetEncoding(label.Trim());
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // A multi-byte UTF-8 character cut by the end of the head is not an error.
    private static ReadOnlySpan<byte> TrimIncompleteTail(ReadOnlySpan<byte> head)
    {
        int end = head.Length;
        for (int back = 1; back <= 3 && end - back >= 0; back++)
        {
            byte b = head[end - back];
            if ((b & 0xC0) != 0x80)
            {
                return (b & 0x80) != 0 ? head[..(end - back)] : head;
            }
        }

        return head;
    }

    [GeneratedRegex("""(?:<meta[^>]+charset\s*=\s*["']?\s*|<\?xml[^>]+encoding\s*=\s*["'])(?<label>[A-Za-z0-9_:.\-]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Declaration();
}
