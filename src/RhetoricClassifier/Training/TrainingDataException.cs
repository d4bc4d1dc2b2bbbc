namespace RhetoricClassifier;

/// <summary>A training set as a whole cannot be trained on: too few sentences, or a tag with no positive example.</summary>
public sealed class TrainingDataException : RhetoricClassifierException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the training set.</param>
    public TrainingDataException(string message)
        : base(message)
    {
    }
}
