namespace RhetoricClassifier.Features;

/// <summary>Which features the normalised text gives, and how their counts become values.</summary>
/// <param name="WordNgramLength">Longest word n-gram (1 = words only, 2 = words and word pairs, ...).</param>
/// <param name="CharNgramMin">Shortest character n-gram; 0 turns character n-grams off.</param>
/// <param name="CharNgramMax">Longest character n-gram.</param>
/// <param name="CountCap">A feature's value is its count capped at this; 0 for no cap.</param>
/// <param name="QuoteTokens">Double quotes are a token of their own, so no word n-gram joins the words on either side of a quote boundary.</param>
/// <param name="CueLexicons">Adds one feature per cue lexicon (<see cref="CueLexicons"/>): the number of the sentence's words in it.</param>
internal readonly record struct FeatureSettings(int WordNgramLength, int CharNgramMin, int CharNgramMax, int CountCap = 0, bool QuoteTokens = false,
    bool CueLexicons = false)
{
    /// <summary>The value of a feature counted <paramref name="count"/> times.</summary>
    public float Value(int count) => CountCap > 0 && count > CountCap ? CountCap : count;
}
