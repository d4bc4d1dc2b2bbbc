using System.Text.Json;
using System.Text.Json.Serialization;

namespace RhetoricClassifier;

/// <summary>
/// Writes <see cref="TagScores"/> as an object keyed by tag id (<c>{"ai_justification":0.91,"cost_capex":0.02,
/// "human_impact":0.88}</c>), like the <c>scores</c> of the CLI's records, and reads it back (a missing tag
/// reads as 0). Applied to the type.
/// </summary>
public sealed class TagScoresJsonConverter : JsonConverter<TagScores>
{
    /// <inheritdoc />
    public override TagScores Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"Expected an object of scores keyed by tag id, found {reader.TokenType}.");
        Span<float> scores = stackalloc float[RhetoricTags.Count];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            RhetoricTag tag = RhetoricTagJsonConverter.ReadTag(ref reader);
            reader.Read();
            scores[(int)tag] = reader.GetSingle();
        }

        return new TagScores(scores[0], scores[1], scores[2]);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TagScores value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        foreach (RhetoricTag tag in RhetoricTags.All)
            writer.WriteNumber(tag.Id(), value[tag]);
        writer.WriteEndObject();
    }
}
