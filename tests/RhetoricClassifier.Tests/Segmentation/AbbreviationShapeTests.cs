using RhetoricClassifier.Segmentation;

namespace RhetoricClassifier.Tests.Segmentation;

/// <summary>
/// Before a full stop the segmenter rules out the abbreviation lists by a word's length and first character
/// (<see cref="Abbreviations.MayBeListed"/>) before looking the word up; that shortcut is exact only if it never
/// rejects a listed word.
/// </summary>
public sealed class AbbreviationShapeTests
{
    [Fact]
    public void The_shape_filter_lets_every_listed_word_through()
    {
        Assert.NotEmpty(Abbreviations.FullStopWords);
        Assert.All(Abbreviations.FullStopWords, word => Assert.True(Abbreviations.MayBeListed(word), word));
    }

    [Theory]
    [InlineData("year")]
    [InlineData("jobs")]
    [InlineData("efficiency")]
    [InlineData("cuts")]
    [InlineData("é")]
    [InlineData("")]
    public void The_shape_filter_turns_away_ordinary_words_without_a_lookup(string word)
        => Assert.False(Abbreviations.MayBeListed(word));
}
