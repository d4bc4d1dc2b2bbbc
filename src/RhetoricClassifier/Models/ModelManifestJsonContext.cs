using System.Text.Json.Serialization;

namespace RhetoricClassifier.Models;

/// <summary>
/// Source-generated JSON for <c>manifest.json</c>: no reflection when a model loads (faster start-up, and it works
/// in trimmed and Native AOT apps). Tags are written as their ids through the converter on <see cref="RhetoricTag"/>.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ModelManifest))]
internal sealed partial class ModelManifestJsonContext : JsonSerializerContext;
