using CsCheck;
using RhetoricClassifier.Features;

namespace RhetoricClassifier.Tests.Features;

public sealed class TextNormalizerOffsetTests
{
    [Fact]
    public void The_mapped_text_is_exactly_the_scoring_text_and_every_token_character_maps_inside_the_original()
    {
        // Well-formed text that NFKC reshapes: ligatures, full-width and circled forms, fractions, combining
        // marks, precomposed accents, conjoining jamo, curly quotes, astral letters and emoji, several scripts.
        Gen<string> piece = Gen.OneOf(
            Gen.Char["abcXYZ019 .,'’$%&-ﬁﬂＷｅ①½ⅫéÅ\u0301\u0308中ﾃ한Ωß“”—"].Select(c => c.ToString()),
            Gen.Int[0, 5].Select(i => new[] { "𝐁", "😀", "𠀋", "e\u0301", "\u1100", "\u1161" }[i]));
        piece.Array[0, 60].Select(string.Concat).Sample(text =>
        {
            NormalizedText n = TextNormalizer.NormalizeWithOffsets(text);
            Assert.Equal(TextNormalizer.Normalize(text), n.Text);
            for (int i = 0; i < n.Text.Length; i++)
            {
                if (n.Text[i] == ' ')
                {
                    Assert.Equal(-1, n.Start[i]);
                }
                else
                {
                    Assert.InRange(n.Start[i], 0, text.Length - 1);
                    Assert.InRange(n.End[i], n.Start[i] + 1, text.Length);
                }
            }
        }, iter: 3000);
    }

    [Theory]
    [InlineData("Staff", 0, 1)]
    [InlineData("ﬁre", 0, 1)]       // the ligature's two letters both come from its one character
    [InlineData("e\u0301t\u00e9", 0, 2)] // a letter with a combining accent maps to both characters
    [InlineData("Ｃｕｔ", 0, 1)]
    public void The_first_token_character_maps_to_its_original_characters(string text, int start, int end)
    {
        NormalizedText n = TextNormalizer.NormalizeWithOffsets(text);
        Assert.Equal((start, end), (n.Start[1], n.End[1]));
    }
}
