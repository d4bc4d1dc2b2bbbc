using RhetoricClassifier.Features;

namespace RhetoricClassifier.Tests.Features;

public sealed class FeatureVariantTests
{
    private static readonly FeatureSettings Words = new(WordNgramLength: 2, CharNgramMin: 0, CharNgramMax: 0);

    [Theory]
    [InlineData(0, 5, 5f)]   // no cap
    [InlineData(2, 5, 2f)]
    [InlineData(2, 1, 1f)]
    [InlineData(1, 3, 1f)]   // presence
    public void A_count_cap_limits_a_features_value(int cap, int count, float value)
        => Assert.Equal(value, (Words with { CountCap = cap }).Value(count));

    [Theory]
    [InlineData("He said \"we cut jobs\" today", " he said \" we cut jobs \" today ")]
    [InlineData("He said “we cut jobs” today", " he said \" we cut jobs \" today ")]
    [InlineData("«AI» did it", " \" ai \" did it ")]
    [InlineData("No quotes here", " no quotes here ")]
    public void Quote_tokens_turn_every_double_quote_into_one_token(string text, string normalized)
        => Assert.Equal(normalized, TextNormalizer.Normalize(text, quoteTokens: true));

    [Fact]
    public void Without_quote_tokens_quotes_only_separate_words()
        => Assert.Equal(" he said we cut jobs today ", TextNormalizer.Normalize("He said “we cut jobs” today"));

    [Fact]
    public void With_quote_tokens_no_word_pair_spans_a_quote_boundary()
    {
        string[] grams = ["w:said we", "w:said \"", "w:\" we"];
        var plain = new FeatureVocabulary(Words, grams);
        var quoted = new FeatureVocabulary(Words with { QuoteTokens = true }, grams);
        const string sentence = "The chief executive said “we will cut 300 roles.”";
        Assert.Equal([0], plain.Featurize(sentence).Indices);
        Assert.Equal([1, 2], quoted.Featurize(sentence).Indices);
    }

    [Fact]
    public void A_cue_lexicon_counts_the_sentences_words_in_it_whatever_else_the_vocabulary_holds()
    {
        var settings = Words with { CueLexicons = true };
        var vocabulary = new FeatureVocabulary(settings, ["w:costs", CueLexicons.Gram("money", ["costs", "capex", "$"]), CueLexicons.Gram("people", ["staff"])]);
        (int[] indices, float[] values) = vocabulary.Featurize("Costs rose, capex rose and $2 billion went to staff costs.");
        Assert.Equal([0, 1, 2], indices);
        Assert.Equal([2f, 4f, 1f], values); // "costs" twice as a word; costs x2 + capex + $ in money; staff in people
    }

    [Fact]
    public void Cue_lexicons_are_off_unless_asked_for()
    {
        var vocabulary = new FeatureVocabulary(Words, ["w:costs", "w:capex"]);
        Assert.Equal([1f, 1f], vocabulary.Featurize("Costs and capex.").Values);
    }
}
