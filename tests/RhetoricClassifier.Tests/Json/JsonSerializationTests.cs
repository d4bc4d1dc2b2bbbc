using System.Text.Json;

namespace RhetoricClassifier.Tests.Json;

public class JsonSerializationTests
{
    [Theory]
    [InlineData(TagSet.None, "[]")]
    [InlineData(TagSet.CostCapex, "[\"cost_capex\"]")]
    [InlineData(TagSet.AiJustification | TagSet.HumanImpact, "[\"ai_justification\",\"human_impact\"]")]
    [InlineData(TagSet.All, "[\"ai_justification\",\"cost_capex\",\"human_impact\"]")]
    public void Tag_sets_are_arrays_of_ids_in_index_order_both_ways(TagSet set, string json)
    {
        Assert.Equal(json, JsonSerializer.Serialize(set));
        Assert.Equal(set, JsonSerializer.Deserialize<TagSet>(json));
        Assert.Equal(json, JsonSerializer.Serialize(set, RhetoricJsonContext.Default.TagSet));
    }

    [Fact]
    public void Scores_are_an_object_keyed_by_tag_id_and_round_trip_exactly()
    {
        var scores = new TagScores(0.125f, 0.9f, 1e-7f);

        string json = JsonSerializer.Serialize(scores, RhetoricJsonContext.Default.TagScores);

        using JsonDocument doc = JsonDocument.Parse(json);
        Assert.Equal(["ai_justification", "cost_capex", "human_impact"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(scores, JsonSerializer.Deserialize(json, RhetoricJsonContext.Default.TagScores));
    }

    [Theory]
    [InlineData("[\"Cost_Capex\"]")]
    [InlineData("[\"cost\"]")]
    [InlineData("7")]
    public void Unknown_tags_and_the_old_number_form_are_refused_with_a_JsonException(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TagSet>(json));
    }

    [Fact]
    public void A_document_analysis_serialises_with_tag_ids_like_the_cli_records()
    {
        DocumentAnalysis analysis = RhetoricModel.LoadDefault().Analyze("We are cutting 900 roles as AI takes over routine work.", "memo");

        string json = JsonSerializer.Serialize(analysis, RhetoricJsonContext.Default.DocumentAnalysis);

        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement sentence = doc.RootElement.GetProperty("sentences")[0];
        Assert.Equal(analysis.Sentences[0].Tags.ToIds(), sentence.GetProperty("tags").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(analysis.Sentences[0].Scores.HumanImpact, sentence.GetProperty("scores").GetProperty("human_impact").GetSingle());
        Assert.Equal("memo", doc.RootElement.GetProperty("id").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("summary").GetProperty("sentenceCount").GetInt32());
    }
}
