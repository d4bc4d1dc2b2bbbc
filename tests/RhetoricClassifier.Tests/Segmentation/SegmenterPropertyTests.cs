using CsCheck;
using RhetoricClassifier.Segmentation;

namespace RhetoricClassifier.Tests.Segmentation;

public sealed class SegmenterPropertyTests
{
    // Text drawn from characters that stress the rules: terminals, quotes, bullets, line breaks, digits,
    // letters of several scripts, combining marks, surrogate pairs, controls.
    private static readonly Gen<string> HardText = Gen.OneOf(
        Gen.String[Gen.Char["ab .!?…\"'”’()-•*\n\r\t0123456789AZ$%"], 0, 400],
        Gen.String[Gen.Char, 0, 300],
        Gen.Select(Gen.String[Gen.Char["aB. \n"], 0, 100], Gen.String[Gen.Char["😀é́中\u200F\u0000\u0007"], 0, 50], (a, b) => a + b));

    [Fact]
    public void Spans_are_in_bounds_ordered_non_overlapping_and_cover_every_non_white_space_character()
    {
        var segmenter = new RuleBasedSegmenter(new SegmenterOptions { MaxSentenceLength = 40 });
        HardText.Sample(text =>
        {
            var spans = segmenter.Segment(text);
            int previousEnd = 0;
            var covered = new bool[text.Length];
            foreach (var s in spans)
            {
                Assert.True(s.Start >= previousEnd && s.Length > 0 && s.End <= text.Length, $"bad span {s} in {text.Length} chars");
                Assert.InRange(s.Length, 1, 40);
                for (int i = s.Start; i < s.End; i++)
                {
                    covered[i] = true;
                }

                previousEnd = s.End;
            }

            for (int i = 0; i < text.Length; i++)
            {
                Assert.True(covered[i] || char.IsWhiteSpace(text[i]), $"character {i} (U+{(int)text[i]:X4}) is in no sentence");
            }
        }, iter: 3000);
    }
}
