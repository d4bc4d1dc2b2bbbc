namespace RhetoricClassifier;

/// <summary>A sentence with its human-assigned tags: one training or evaluation example.</summary>
/// <param name="Text">The sentence.</param>
/// <param name="Labels">Its tags; <see cref="TagSet.None"/> when it carries none.</param>
public sealed record LabeledSentence(string Text, TagSet Labels)
{
    /// <summary>An optional id from the data file.</summary>
    public string? Id { get; init; }

    /// <summary>An optional genre (press release, memo, ...) from the data file.</summary>
    public string? Genre { get; init; }

    /// <summary>Where the example came from, as <c>file:line</c>, for error messages; <see langword="null"/> when built in code.</summary>
    public string? Origin { get; init; }
}
