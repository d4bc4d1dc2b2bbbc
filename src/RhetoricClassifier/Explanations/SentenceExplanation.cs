namespace RhetoricClassifier;

/// <summary>
/// Why a sentence got its scores: for each tag, the log-odds of the empty sentence and how much each word
/// of the sentence moved it. Immutable. Returned by <see cref="RhetoricModel.Explain(string)"/>.
/// </summary>
/// <param name="Sentence">The sentence as given.</param>
/// <param name="Classification">Its tags and probabilities, exactly as <see cref="RhetoricModel.Classify(string)"/> returns them.</param>
/// <param name="Tags">One explanation per tag, in <see cref="RhetoricTags.All"/> order.</param>
public sealed record SentenceExplanation(string Sentence, SentenceClassification Classification, IReadOnlyList<TagExplanation> Tags)
{
    /// <summary>The explanation of one tag.</summary>
    /// <param name="tag">The tag.</param>
    public TagExplanation this[RhetoricTag tag] => Tags[(int)tag];
}

/// <summary>
/// One tag's explanation, in the log-odds of its calibrated probability p: <see cref="Base"/> plus the
/// sum of the word weights equals ln(p / (1 - p)).
/// </summary>
/// <param name="Tag">The tag.</param>
/// <param name="Probability">The calibrated probability being explained.</param>
/// <param name="Base">The log-odds of the empty sentence: where every sentence starts.</param>
/// <param name="Words">
/// Every word of the sentence in order, with its weight: positive pushes towards the tag, negative away,
/// 0 when no n-gram the trees use touches the word.
/// </param>
public sealed record TagExplanation(RhetoricTag Tag, float Probability, double Base, IReadOnlyList<WordWeight> Words)
{
    /// <summary>The log-odds the explanation adds up to: <see cref="Base"/> plus every word's weight.</summary>
    public double LogOdds => Base + Words.Sum(w => w.Weight);
}

/// <summary>One word of an explained sentence and its share of a tag's log-odds.</summary>
/// <param name="Start">Offset of the word in the sentence.</param>
/// <param name="Length">Length of the word in characters.</param>
/// <param name="Text">The word exactly as it appears in the sentence.</param>
/// <param name="Weight">Its exact Shapley share of the tag's log-odds against the empty sentence.</param>
public readonly record struct WordWeight(int Start, int Length, string Text, double Weight);
