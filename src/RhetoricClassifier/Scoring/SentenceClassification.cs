namespace RhetoricClassifier;

/// <summary>The tags of one sentence and the probability behind each.</summary>
/// <param name="Tags">The tags whose probability reached the model's threshold for that tag.</param>
/// <param name="Scores">Calibrated probability per tag.</param>
public readonly record struct SentenceClassification(TagSet Tags, TagScores Scores);
