using System.Text.Json.Serialization;
using RhetoricClassifier;

// POST /score {"text": "...", "id": "optional"} -> the document's sentences (offsets, tag ids, scores) and summary.
// GET /health -> 200 once the model is loaded.
WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

// "RhetoricClassifier": { "ModelPath": "models/my-model.zip" } in appsettings.json serves a trained model file
// and reloads it when the file is replaced; with no ModelPath the built-in model is served.
builder.Services.AddRhetoricClassifier(builder.Configuration.GetSection("RhetoricClassifier"));
builder.Services.AddHealthChecks().AddRhetoricClassifierHealthCheck();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.TypeInfoResolverChain.Insert(0, RhetoricJsonContext.Default);
    o.SerializerOptions.TypeInfoResolverChain.Insert(1, SampleJsonContext.Default);
});

WebApplication app = builder.Build();

// The CancellationToken is bound to HttpContext.RequestAborted: a client that hangs up mid-way stops the scoring of a
// long text (up to 1 million characters) instead of leaving it to run for nobody.
app.MapPost("/score", (ScoreRequest request, RhetoricModel model, CancellationToken requestAborted) =>
{
    if (string.IsNullOrWhiteSpace(request.Text))
    {
        return Results.ValidationProblem(new Dictionary<string, string[]> { ["text"] = ["'text' is required and must not be empty."] });
    }

    if (request.Text.Length > ScoreRequest.MaxLength)
    {
        return Results.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [$"'text' is longer than {ScoreRequest.MaxLength:N0} characters."] });
    }

    return Results.Ok(model.Analyze(request.Text, request.Id, requestAborted));
});

app.MapHealthChecks("/health");

app.Run();

/// <summary>The body of <c>POST /score</c>.</summary>
/// <param name="Text">The statement to score (one or many sentences).</param>
/// <param name="Id">An optional id echoed back in the result.</param>
public sealed record ScoreRequest(string? Text, string? Id)
{
    /// <summary>The longest text accepted in one request (1 million characters).</summary>
    public const int MaxLength = 1_000_000;
}

/// <summary>Source-generated JSON metadata for the sample's own types.</summary>
[JsonSerializable(typeof(ScoreRequest))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class SampleJsonContext : JsonSerializerContext;

/// <summary>Entry point, public so that integration tests can host the app in process.</summary>
public partial class Program;
