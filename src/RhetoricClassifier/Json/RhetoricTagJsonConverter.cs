using System.Text.Json;
using System.Text.Json.Serialization;

namespace RhetoricClassifier;

/// <summary>
/// Writes a <see cref="RhetoricTag"/> as its stable id (<c>"cost_capex"</c>) and reads an id or display name,
/// so JSON from a web API matches the CLI's records and the training files. Applied to the type, so every
/// <see cref="JsonSerializer"/> call uses it without configuration.
/// </summary>
public sealed class RhetoricTagJsonConverter : JsonConverter<RhetoricTag>
{
    /// <inheritdoc />
    public override RhetoricTag Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => ReadTag(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, RhetoricTag value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Id());
    }

    /// <inheritdoc />
    public override RhetoricTag ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => ReadTag(ref reader);

    /// <inheritdoc />
    public override void WriteAsPropertyName(Utf8JsonWriter writer, RhetoricTag value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value.Id());
    }

    internal static RhetoricTag ReadTag(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
            throw new JsonException($"Expected a tag id string, found {reader.TokenType}.");
        string text = reader.GetString()!;
        return RhetoricTags.TryParse(text, out RhetoricTag tag)
            ? tag
            : throw new JsonException($"'{text}' is not a tag; expected one of {string.Join(", ", RhetoricTags.All.Select(t => t.Id()))}.");
    }
}
