namespace RhetoricClassifier;

/// <summary>A document to score: an id of the caller's choosing and its text.</summary>
/// <param name="Id">The id reported with each of its sentences (a file path, a database key...).</param>
/// <param name="Text">The text.</param>
/// <exception cref="ArgumentNullException"><paramref name="Id"/> or <paramref name="Text"/> is null.</exception>
public sealed record TextDocument(string Id, string Text)
{
    // Checked here, at the public boundary, so a null never reaches the scorer's worker threads.

    /// <summary>The id reported with each of its sentences (a file path, a database key...).</summary>
    public string Id { get; init => field = value ?? throw new ArgumentNullException(nameof(Id)); } = Id ?? throw new ArgumentNullException(nameof(Id));

    /// <summary>The text.</summary>
    public string Text { get; init => field = value ?? throw new ArgumentNullException(nameof(Text)); } = Text ?? throw new ArgumentNullException(nameof(Text));
}
