namespace RhetoricClassifier;

/// <summary>
/// A document could not be read: a damaged or encrypted PDF, a <c>.docx</c> that is not a zip package, an
/// unsupported extension. The message names the file and the problem.
/// </summary>
public sealed class DocumentReadException : RhetoricClassifierException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file path (or other id) of the document.</param>
    /// <param name="problem">What is wrong, in words a user can act on.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public DocumentReadException(string path, string problem, Exception? innerException = null)
        : base($"{path}: {problem}", innerException)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file path (or other id) of the document.</summary>
    public string Path { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}
