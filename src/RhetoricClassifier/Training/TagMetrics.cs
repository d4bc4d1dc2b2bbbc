namespace RhetoricClassifier;

/// <summary>Precision, recall and F1 of one tag over a labelled set.</summary>
/// <param name="Tag">The tag.</param>
/// <param name="TruePositives">Sentences with the tag that the model tagged.</param>
/// <param name="FalsePositives">Sentences without the tag that the model tagged.</param>
/// <param name="FalseNegatives">Sentences with the tag that the model missed.</param>
public sealed record TagMetrics(RhetoricTag Tag, int TruePositives, int FalsePositives, int FalseNegatives)
{
    /// <summary>Sentences that carry the tag in the labels.</summary>
    public int Support => TruePositives + FalseNegatives;

    /// <summary>TP / (TP + FP); 0 when the model tagged nothing.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN); 0 when no sentence carries the tag.</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>The harmonic mean of precision and recall.</summary>
    public double F1 => Ratio(2 * TruePositives, (2 * TruePositives) + FalsePositives + FalseNegatives);

    internal static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;
}
