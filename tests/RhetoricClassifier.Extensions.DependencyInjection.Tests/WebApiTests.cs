using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace RhetoricClassifier.Extensions.DependencyInjection.Tests;

public sealed class WebApiTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task Score_returns_sentences_with_offsets_tag_ids_and_scores_and_a_summary()
    {
        HttpClient client = factory.CreateClient();
        const string text = "We are cutting 900 roles as AI takes over routine work. Capex rose to $34 billion.";

        HttpResponseMessage response = await client.PostAsJsonAsync("/score", new { text, id = "memo-1" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement root = json.RootElement;
        Assert.Equal("memo-1", root.GetProperty("id").GetString());
        JsonElement[] sentences = root.GetProperty("sentences").EnumerateArray().ToArray();
        Assert.Equal(2, sentences.Length);
        DocumentAnalysis expected = RhetoricModel.LoadDefault().Analyze(text, "memo-1");
        for (int i = 0; i < sentences.Length; i++)
        {
            AnalyzedSentence e = expected.Sentences[i];
            Assert.Equal(e.Start, sentences[i].GetProperty("start").GetInt32());
            Assert.Equal(e.Length, sentences[i].GetProperty("length").GetInt32());
            Assert.Equal(text.Substring(e.Start, e.Length), sentences[i].GetProperty("text").GetString());
            Assert.Equal(e.Tags.ToIds(), sentences[i].GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
            foreach (RhetoricTag tag in RhetoricTags.All)
            {
                Assert.Equal(e.Scores[tag], sentences[i].GetProperty("scores").GetProperty(tag.Id()).GetSingle());
            }
        }

        Assert.Equal(2, root.GetProperty("summary").GetProperty("sentenceCount").GetInt32());
        Assert.Contains("human_impact", sentences[0].GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Theory]
    [InlineData("{\"text\": \"\"}")]
    [InlineData("{\"text\": null}")]
    [InlineData("{}")]
    public async Task Score_without_text_is_a_400_that_names_the_field(string body)
    {
        HttpClient client = factory.CreateClient();

        HttpResponseMessage response = await client.PostAsync("/score", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("text", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_is_200_when_the_model_is_loaded()
    {
        HttpClient client = factory.CreateClient();

        HttpResponseMessage response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
