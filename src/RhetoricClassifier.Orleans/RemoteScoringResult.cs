namespace RhetoricClassifier;

/// <summary>The answer of <see cref="IRhetoricScoringGrain.ScoreAsync"/>.</summary>
/// <param name="Documents">One analysis per document, in the batch's order.</param>
/// <param name="Silo">The address of the silo that scored the batch.</param>
[GenerateSerializer, Immutable]
public sealed record RemoteScoringResult([property: Id(0)] IReadOnlyList<DocumentAnalysis> Documents, [property: Id(1)] string Silo);
