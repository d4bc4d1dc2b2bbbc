using System.Text;
using CsCheck;
using RhetoricClassifier.Features;

namespace RhetoricClassifier.Tests.Features;

/// <summary>
/// The normaliser skips the platform's NFKC when every non-ASCII character is one NFKC leaves alone (most
/// real sentences: curly quotes, dashes, accented names). These tests hold the shortcut to the full path.
/// </summary>
public sealed class NormalizerShortcutTests
{
    // Characters around the shortcut's edges: ASCII, the stable blocks, compatibility characters inside them
    // (no-break space, superscripts, ellipsis, fractions), combining marks that compose with what precedes them,
    // conjoining jamo, lone surrogates, noncharacters, astral letters and emoji.
    private const string Edges = "aAe Z0.'\"-$%&" + "’‘“”„«»–—•…′″€£¥₹₩" + "éÉñçøßæĳŀǆǅ" + "\u00A0\u00B2\u00B5\u00BD\u00AA\u2024\u2002\u2011\u202F\u205F"
        + "\u0301\u0308\u0327\u0338\u1100\u1161\u11A8\uAC00\uFB01\u2460\uFF21" + "\uD800\uDBFF\uDC00\uDFFF\uFFFE\uFFFF\uFDD0" + "\uD835\uDC00\uD83D\uDE00";

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char[Edges], 0, 60],
        Gen.String[Gen.Char, 0, 60],
        Gen.String[Gen.OneOf(Gen.Char['\u00A0', '\u024F'], Gen.Char['\u2000', '\u206F'], Gen.Char['\u20A0', '\u20CF'], Gen.Char[Edges]), 0, 60]);

    [Fact]
    public void The_shortcut_gives_what_the_full_nfkc_path_gives_on_any_string()
        => Gen.Select(Text, Gen.Bool).Sample((text, quotes) =>
            Assert.Equal(TextNormalizer.NormalizeWithoutShortcut(text, quotes), TextNormalizer.Normalize(text, quotes)), iter: 20_000);

    [Fact]
    public void Every_character_the_shortcut_trusts_is_unchanged_by_nfkc_next_to_ascii_and_next_to_every_other_one()
    {
        var stable = Enumerable.Range(0x80, 0x20D0 - 0x80).Where(c => (TextNormalizer.NfkcStable[c >> 6] & (1UL << c)) != 0).Select(c => (char)c).ToList();
        Assert.Contains('’', stable);
        Assert.Contains('—', stable);
        Assert.Contains('é', stable);
        Assert.DoesNotContain('\u00A0', stable); // NFKC makes a no-break space a space
        Assert.DoesNotContain('…', stable);      // and an ellipsis three full stops
        string all = string.Concat(stable);
        Assert.True(("x" + all + "x").IsNormalized(NormalizationForm.FormKC));
        Assert.True(string.Concat(stable.AsEnumerable().Reverse()).IsNormalized(NormalizationForm.FormKC));
        foreach (char c in stable)
        {
            foreach (char other in "a0 .\"" + all[..Math.Min(all.Length, 64)])
            {
                Assert.True(string.Concat(other, c, other).IsNormalized(NormalizationForm.FormKC), $"U+{(int)c:X4} next to U+{(int)other:X4}");
            }
        }
    }

    [Theory]
    [InlineData("The CEO’s “plan” — cut 5%", " the ceos plan cut 0 % ")]
    [InlineData("Café Zürich: ½ of staff", " café zürich 0 0 of staff ")] // ½ is NFKC 1⁄2: the full path still runs
    [InlineData("e\u0301", " é ")]                                          // a combining accent still composes
    public void Sentences_with_and_without_the_shortcut(string text, string normalized)
        => Assert.Equal(normalized, TextNormalizer.Normalize(text));

    [Theory]
    [InlineData("Company's 3.5% cut & more", false, " companys 0 0 % cut & more ")]
    [InlineData("'Quoted' it's, rock 'n' roll", false, " quoted its rock n roll ")]
    [InlineData("a  ,, b\t\r\nc--d", false, " a b c d ")]
    [InlineData("He said \"no\" today", false, " he said no today ")]
    [InlineData("He said \"no\" today", true, " he said \" no \" today ")]
    [InlineData("$5bn\u007f\u0000x", false, " $ 0bn x ")]
    public void Ascii_is_folded_as_the_tokens_rules_say(string text, bool quoteTokens, string normalized)
        => Assert.Equal(normalized, TextNormalizer.Normalize(text, quoteTokens));

    [Fact]
    public void Any_ascii_text_is_folded_as_the_tokens_rules_say()
    {
        // The scoring path folds ASCII through a table with no branch on the character class; this holds it to the
        // rules of the class summary, written out plainly: runs of letters and digits (lower case, digits as 0, inner
        // apostrophes dropped), $ % & (and " when asked) as tokens of their own, anything else a separator.
        Gen.Select(Gen.String[Gen.OneOf(Gen.Char['\0', '\x7F'], Gen.Char["aZ09 '\"$%&.,-"]), 0, 80], Gen.Bool).Sample((text, quotes) =>
        {
            var expected = new StringBuilder(" ");
            bool inToken = false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (char.IsAsciiLetterOrDigit(c))
                {
                    expected.Append(char.IsAsciiDigit(c) ? '0' : char.ToLowerInvariant(c));
                    inToken = true;
                }
                else if (c == '\'' && inToken && i + 1 < text.Length && char.IsAsciiLetter(text[i + 1]))
                {
                    continue;
                }
                else
                {
                    if (expected[^1] != ' ')
                    {
                        expected.Append(' ');
                    }

                    if (c is '$' or '%' or '&' || (c == '"' && quotes))
                    {
                        expected.Append(c).Append(' ');
                    }

                    inToken = false;
                }
            }

            if (expected[^1] != ' ')
            {
                expected.Append(' ');
            }

            Assert.Equal(expected.ToString(), TextNormalizer.Normalize(text, quotes));
        }, iter: 20_000);
    }
}
