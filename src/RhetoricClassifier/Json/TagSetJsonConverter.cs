using System.Text.Json;
using System.Text.Json.Serialization;

namespace RhetoricClassifier;

/// <summary>
/// Writes a <see cref="TagSet"/> as an array of tag ids in index order (<c>["ai_justification","human_impact"]</c>,
/// <c>[]</c> for none), the same shape as the <c>labels</c> of the CLI's records and the training files, instead
/// of the flags number. Reads the same shape back. Applied to the type.
/// </summary>
public sealed class TagSetJsonConverter : JsonConverter<TagSet>
{
    /// <inheritdoc />
    public override TagSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException($"Expected an array of tag ids, found {reader.TokenType}.");
        TagSet set = TagSet.None;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            set |= RhetoricTagJsonConverter.ReadTag(ref reader).ToSet();
        return set;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TagSet value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        foreach (RhetoricTag tag in value.Enumerate())
            writer.WriteStringValue(tag.Id());
        writer.WriteEndArray();
    }
}
