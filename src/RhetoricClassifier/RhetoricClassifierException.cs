namespace RhetoricClassifier;

/// <summary>The base of every exception this library throws for a problem with the caller's files or data.</summary>
public class RhetoricClassifierException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, in words a user can act on.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public RhetoricClassifierException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
