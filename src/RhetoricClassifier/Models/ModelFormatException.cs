namespace RhetoricClassifier;

/// <summary>
/// A model file could not be loaded: it is missing, empty, truncated, not a RhetoricClassifier model,
/// written by a newer format version, or names tags this version does not know.
/// </summary>
public sealed class ModelFormatException : RhetoricClassifierException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file path or stream description the model was read from.</param>
    /// <param name="reason">Why it was refused.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public ModelFormatException(string source, string reason, Exception? innerException = null)
        : base($"{source}: cannot load model: {reason}", innerException)
    {
        Source = source;
        Reason = reason;
    }

    /// <summary>The file path or stream description the model was read from.</summary>
    public new string Source { get; }

    /// <summary>Why the model was refused.</summary>
    public string Reason { get; }
}
