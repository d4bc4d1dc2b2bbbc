namespace RhetoricClassifier;

/// <summary>A batch could not be scored on the cluster after every retry; the message names the batch and the last error.</summary>
public sealed class ClusterScoringException : RhetoricClassifierException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="inner">The last error.</param>
    public ClusterScoringException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
