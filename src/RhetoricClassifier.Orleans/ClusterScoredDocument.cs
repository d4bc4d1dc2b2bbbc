namespace RhetoricClassifier;

/// <summary>One document scored on the cluster.</summary>
/// <param name="Index">0-based position of the document in the input.</param>
/// <param name="Analysis">Its sentences, tags and summary: the same as <see cref="RhetoricModel.Analyze"/> in one process.</param>
/// <param name="Silo">The address of the silo that scored it.</param>
public sealed record ClusterScoredDocument(long Index, DocumentAnalysis Analysis, string Silo);
