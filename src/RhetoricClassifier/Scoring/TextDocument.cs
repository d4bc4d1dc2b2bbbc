namespace RhetoricClassifier;

/// <summary>A document to score: an id of the caller's choosing and its text.</summary>
/// <param name="Id">The id reported with each of its sentences (a file path, a database key...).</param>
/// <param name="Text">The text.</param>
public sealed record TextDocument(string Id, string Text);
