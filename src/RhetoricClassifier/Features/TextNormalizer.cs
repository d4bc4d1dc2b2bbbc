using System.Buffers;
using System.Globalization;
using System.Text;

namespace RhetoricClassifier.Features;

/// <summary>
/// Turns a sentence into the canonical token stream the features are computed from (offsets are never
/// taken from it): Unicode NFKC, so styled letters such as mathematical bold read as plain letters;
/// curly quotes, primes and dashes folded; case folded; every digit mapped to <c>0</c>, so
/// "$3.5 billion" and "$7.2 billion" teach the same thing. The output is the tokens separated by
/// single spaces, with one space before the first and after the last token.
/// </summary>
/// <remarks>
/// A token is a run of letters, digits and marks (with inner apostrophes dropped, so "company's" is
/// "companys"), or a single money or percent symbol, or (when asked) a double quote of any style, folded
/// to <c>"</c>, so that word n-grams stop at quote boundaries. Everything else separates tokens.
/// </remarks>
internal static partial class TextNormalizer
{
    /// <summary>An upper bound on the output length for an input of <paramref name="length"/> characters after NFKC.</summary>
    public static int MaxOutputLength(int length) => (2 * length) + 2;

    /// <summary>
    /// Normalises <paramref name="text"/> into <paramref name="buffer"/>, renting a larger one from
    /// <see cref="ArrayPool{T}.Shared"/> when needed (the caller returns buffers it did not create).
    /// </summary>
    /// <returns>The number of characters written.</returns>
    public static int Normalize(ReadOnlySpan<char> text, ref char[] buffer, ref char[]? rented, bool quoteTokens = false)
        => Normalize(text, ref buffer, ref rented, quoteTokens, alwaysNfkc: false);

    /// <summary>Normalises as <see cref="Normalize(string, bool)"/> does, but always through the platform's NFKC (tests compare the two).</summary>
    internal static string NormalizeWithoutShortcut(string text, bool quoteTokens = false) => NormalizeToString(text, quoteTokens, alwaysNfkc: true);

    private static int Normalize(ReadOnlySpan<char> text, ref char[] buffer, ref char[]? rented, bool quoteTokens, bool alwaysNfkc)
    {
        ReadOnlySpan<char> source = text;
        char[]? nfkc = null;
        char[]? clean = null;
        int firstNonAscii = text.IndexOfAnyExceptInRange('\0', '\x7F');
        if (firstNonAscii >= 0 && (alwaysNfkc || !IsOwnNfkc(text[firstNonAscii..])))
        {
            // NFKC throws on lone surrogates and noncharacters: they become U+FFFD first, so no string can
            // make normalisation fail.
            int bad = IndexOfInvalid(text);
            if (bad >= 0)
            {
                clean = ArrayPool<char>.Shared.Rent(text.Length);
                ReplaceInvalid(text, bad, clean);
                text = clean.AsSpan(0, text.Length);
                source = text;
            }

            // Non-ASCII text is rare in our inputs; NFKC runs only then, on a pooled buffer.
            int needed = Math.Max(text.Length * 4, 16);
            while (true)
            {
                nfkc = ArrayPool<char>.Shared.Rent(needed);
                if (TryNfkc(text, nfkc, out int written))
                {
                    source = nfkc.AsSpan(0, written);
                    break;
                }

                ArrayPool<char>.Shared.Return(nfkc);
                nfkc = null;
                if (needed > text.Length * 18)
                {
                    break; // cannot happen for valid UTF-16 (NFKC grows text at most 18-fold); use the text as it is
                }

                needed *= 3;
            }
        }

        try
        {
            int max = MaxOutputLength(source.Length);
            if (buffer.Length < max)
            {
                if (rented is not null)
                {
                    ArrayPool<char>.Shared.Return(rented);
                }

                rented = ArrayPool<char>.Shared.Rent(max);
                buffer = rented;
            }

            var none = default(NoOffsets);
            return Fold(source, buffer, quoteTokens, ref none);
        }
        finally
        {
            if (nfkc is not null)
            {
                ArrayPool<char>.Shared.Return(nfkc);
            }

            if (clean is not null)
            {
                ArrayPool<char>.Shared.Return(clean);
            }
        }
    }

    /// <summary>
    /// Whether every character of <paramref name="text"/> is ASCII or in <see cref="NfkcStable"/>: then the text is
    /// already NFKC and the platform's normaliser (a call into ICU, most of the cost of normalising) can be skipped.
    /// </summary>
    private static bool IsOwnNfkc(ReadOnlySpan<char> text)
    {
        ulong[] table = NfkcStable;
        foreach (char c in text)
        {
            if (c >= 0x80 && (c >= StableLimit || (table[c >> 6] & (1UL << c)) == 0))
            {
                return false;
            }
        }

        return true;
    }

    // The blocks that real statements use beyond ASCII: Latin-1 Supplement, Latin Extended-A and -B (accented
    // names), General Punctuation (curly quotes, dashes, bullets) and Currency Symbols.
    private const int StableLimit = 0x20D0;

    /// <summary>
    /// The characters below <see cref="StableLimit"/>, in the blocks listed there, that NFKC leaves unchanged
    /// wherever they stand: they have no compatibility or canonical decomposition (the platform's own NFKC
    /// leaves each alone) and are not marks, so nothing reorders or composes with them and they compose with
    /// nothing before them (the characters that compose with a preceding one are marks and conjoining jamo,
    /// neither of which is in these blocks). A string of such characters and ASCII is therefore its own NFKC.
    /// </summary>
    internal static readonly ulong[] NfkcStable = BuildNfkcStable();

    private static ulong[] BuildNfkcStable()
    {
        ulong[] table = new ulong[(StableLimit + 63) / 64];
        foreach ((int first, int last) in (ReadOnlySpan<(int, int)>)[(0x00A0, 0x024F), (0x2000, 0x206F), (0x20A0, 0x20CF)])
        {
            for (int c = first; c <= last; c++)
            {
                UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(c);
                if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                    or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned)
                {
                    continue;
                }

                string one = ((char)c).ToString();
                if (IsNfkc(one) && IsNfkc("a" + one + "a"))
                {
                    table[c >> 6] |= 1UL << c;
                }
            }
        }

        return table;
    }

    private static bool IsNfkc(string text)
    {
        try
        {
            return text.IsNormalized(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool TryNfkc(ReadOnlySpan<char> text, Span<char> destination, out int written)
    {
        try
        {
            return text.TryNormalize(destination, out written, NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // A code point the platform's normaliser still rejects: score the text without NFKC.
            written = 0;
            return false;
        }
    }

    /// <summary>Index of the first lone surrogate or noncharacter (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF), or -1.</summary>
    internal static int IndexOfInvalid(ReadOnlySpan<char> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 0xD800)
            {
                continue;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]) || IsNoncharacter(char.ConvertToUtf32(c, text[i + 1])))
                {
                    return i;
                }

                i++;
                continue;
            }

            if (char.IsLowSurrogate(c) || IsNoncharacter(c))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsNoncharacter(int codePoint) => codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;

    // Same length out as in: every bad UTF-16 unit (or noncharacter pair) becomes U+FFFD unit for unit.
    private static void ReplaceInvalid(ReadOnlySpan<char> text, int from, Span<char> destination)
    {
        text[..from].CopyTo(destination);
        for (int i = from; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                bool non = IsNoncharacter(char.ConvertToUtf32(c, text[i + 1]));
                destination[i] = non ? '\uFFFD' : c;
                destination[i + 1] = non ? '\uFFFD' : text[i + 1];
                i++;
                continue;
            }

            destination[i] = char.IsSurrogate(c) || IsNoncharacter(c) ? '\uFFFD' : c;
        }
    }

    /// <summary>Normalises into a new string (training and diagnostics, not the hot path).</summary>
    public static string Normalize(string text, bool quoteTokens = false) => NormalizeToString(text, quoteTokens, alwaysNfkc: false);

    private static string NormalizeToString(string text, bool quoteTokens, bool alwaysNfkc)
    {
        char[] buffer = new char[MaxOutputLength(text.Length)];
        char[]? rented = null;
        int n = Normalize(text, ref buffer, ref rented, quoteTokens, alwaysNfkc);
        string result = new(buffer, 0, n);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return result;
    }

    // Generic over the offset map so the scoring path (NoOffsets) compiles to exactly the code it had
    // before the map existed; only explanations pay for recording where each character came from.
    private static int Fold<TMap>(ReadOnlySpan<char> source, Span<char> dest, bool quoteTokens, ref TMap map)
        where TMap : struct, IOffsetMap
    {
        int w = 0;
        dest[w++] = ' ';
        bool inToken = false;
        bool afterSpace = true; // dest[w - 1] == ' ', kept in a register by the scoring path's loop
        for (int i = 0; i < source.Length; i++)
        {
            char c = source[i];
            if (c < 0x80)
            {
                char folded = AsciiFold[c];
                if (typeof(TMap) == typeof(NoOffsets) && folded != '\0')
                {
                    // The scoring path: letters, digits and plain separators without a branch on which they are (a
                    // sentence alternates between them at every word, and each switch was a mispredicted branch).
                    // A separator is written as a space and kept only after a token; nothing records offsets here.
                    // Whether the last character kept is a space is carried from the previous character rather than
                    // read back from dest[w - 1]: that read waited on the store just made, a chain through memory at every
                    // character (Normalize 0.216 -> 0.177 us per sentence). A character that is not kept is a space after a
                    // space, so either way the last character kept is the one just folded.
                    bool separator = folded == ' ';
                    dest[w] = folded;
                    w += (separator & afterSpace) ? 0 : 1;
                    afterSpace = separator;
                    inToken = !separator;
                    continue;
                }

                w = FoldAsciiSlow(source, i, c, folded, dest, w, ref inToken, quoteTokens, ref map);
                afterSpace = dest[w - 1] == ' ';
                continue;
            }

            w = FoldNonAscii(source, i, dest, w, ref inToken, quoteTokens, ref map);
            afterSpace = dest[w - 1] == ' ';
        }

        if (dest[w - 1] != ' ')
        {
            dest[w++] = ' ';
        }

        return w;
    }

    // The ASCII characters the scoring path's loop does not take: all of them when offsets are recorded, else those
    // that need a look around (see AsciiFold).
    private static int FoldAsciiSlow<TMap>(ReadOnlySpan<char> source, int i, char c, char folded, Span<char> dest, int w, ref bool inToken,
        bool quoteTokens, ref TMap map)
        where TMap : struct, IOffsetMap
    {

        if (folded is not ('\0' or ' '))
        {
            map.Record(w, i);
            dest[w++] = folded;
            inToken = true;
            return w;
        }

        if (c == '\'' && inToken && i + 1 < source.Length && char.IsLetter(source[i + 1]))
        {
            return w; // inner apostrophe: "company's" -> "companys"
        }

        if (c is '$' or '%' or '&')
        {
            return Symbol(dest, w, c, i, ref inToken, ref map);
        }

        if (c == '"' && quoteTokens)
        {
            return Symbol(dest, w, '"', i, ref inToken, ref map);
        }

        return Separate(dest, w, ref inToken);
    }

    // Per ASCII character, what Fold writes for it when nothing else depends on it: a letter lower-cased, a digit as '0',
    // a space for a character that only separates tokens; '\0' for those that need a look around (the apostrophe, the
    // symbols that are tokens of their own, and the double quote, a token when quoteTokens is set).
    private static readonly char[] AsciiFold = BuildAsciiFold();

    private static char[] BuildAsciiFold()
    {
        char[] fold = new char[128];
        for (char c = '\0'; c < 128; c++)
        {
            fold[c] = char.IsAsciiLetterOrDigit(c) ? (c <= '9' ? '0' : (char)(c | 0x20))
                : c is '\'' or '$' or '%' or '&' or '"' ? '\0'
                : ' ';
        }

        return fold;
    }

    private static int FoldNonAscii<TMap>(ReadOnlySpan<char> source, int i, Span<char> dest, int w, ref bool inToken, bool quoteTokens, ref TMap map)
        where TMap : struct, IOffsetMap
    {
        char c = source[i];
        switch (c)
        {
            case '“' or '”' or '„' or '«' or '»' or '‟' when quoteTokens:
                return Symbol(dest, w, '"', i, ref inToken, ref map);
            case '’' or '‘' or '‛' or '′' or 'ʼ':
                if (inToken && i + 1 < source.Length && char.IsLetter(source[i + 1]))
                {
                    return w;
                }

                return Separate(dest, w, ref inToken);
            case '€' or '£' or '¥' or '₹' or '₩':
                return Symbol(dest, w, c, i, ref inToken, ref map);
        }

        UnicodeCategory cat = CharUnicodeInfo.GetUnicodeCategory(c);
        switch (cat)
        {
            case UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter:
                map.Record(w, i);
                dest[w++] = char.ToLowerInvariant(c);
                inToken = true;
                return w;
            case UnicodeCategory.DecimalDigitNumber:
                map.Record(w, i);
                dest[w++] = '0';
                inToken = true;
                return w;
            case UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark:
                if (inToken)
                {
                    map.Record(w, i);
                    dest[w++] = c;
                }

                return w;
            case UnicodeCategory.Surrogate:
                // Astral letters (CJK extensions and the like) stay part of the token; emoji and lone halves separate.
                if (char.IsHighSurrogate(c) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1])
                    && Rune.IsLetter(new Rune(c, source[i + 1])))
                {
                    map.Record(w, i);
                    dest[w++] = c;
                    inToken = true;
                    return w;
                }

                if (char.IsLowSurrogate(c) && inToken && i > 0 && char.IsHighSurrogate(source[i - 1]))
                {
                    map.Record(w, i);
                    dest[w++] = c;
                    return w;
                }

                return Separate(dest, w, ref inToken);
            default:
                return Separate(dest, w, ref inToken);
        }
    }

    private static int Symbol<TMap>(Span<char> dest, int w, char c, int i, ref bool inToken, ref TMap map)
        where TMap : struct, IOffsetMap
    {
        if (dest[w - 1] != ' ')
        {
            dest[w++] = ' ';
        }

        map.Record(w, i);
        dest[w++] = c;
        dest[w++] = ' ';
        inToken = false;
        return w;
    }

    private static int Separate(Span<char> dest, int w, ref bool inToken)
    {
        if (dest[w - 1] != ' ')
        {
            dest[w++] = ' ';
        }

        inToken = false;
        return w;
    }
}
