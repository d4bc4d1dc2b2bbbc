using System.Text.Json.Serialization;

namespace RhetoricClassifier;

/// <summary>
/// Source-generated System.Text.Json metadata for the library's results, for trimmed and Native AOT apps and
/// for ASP.NET Core (<c>options.SerializerOptions.TypeInfoResolverChain.Insert(0, RhetoricJsonContext.Default)</c>).
/// Property names are camelCase, as ASP.NET Core writes them; tags are arrays of ids and scores are objects
/// keyed by tag id through the converters on <see cref="TagSet"/>, <see cref="TagScores"/> and
/// <see cref="RhetoricTag"/>, so the shapes match the CLI's JSON Lines records.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DocumentAnalysis))]
[JsonSerializable(typeof(AnalyzedSentence))]
[JsonSerializable(typeof(DocumentSummary))]
[JsonSerializable(typeof(SentenceClassification))]
[JsonSerializable(typeof(TextDocument))]
[JsonSerializable(typeof(TagSet))]
[JsonSerializable(typeof(TagScores))]
[JsonSerializable(typeof(RhetoricTag))]
[JsonSerializable(typeof(IReadOnlyList<DocumentAnalysis>))]
public sealed partial class RhetoricJsonContext : JsonSerializerContext;
