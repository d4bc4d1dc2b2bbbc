namespace RhetoricClassifier;

// The library's records carry no Orleans attributes (the core package does not depend on Orleans), so they
// cross the wire through surrogates: plain structs the Orleans serializer generates code for.

[GenerateSerializer]
internal struct TextDocumentSurrogate
{
    [Id(0)] public string Id;
    [Id(1)] public string Text;
}

[RegisterConverter]
internal sealed class TextDocumentConverter : IConverter<TextDocument, TextDocumentSurrogate>
{
    public TextDocument ConvertFromSurrogate(in TextDocumentSurrogate surrogate) => new(surrogate.Id, surrogate.Text);

    public TextDocumentSurrogate ConvertToSurrogate(in TextDocument value) => new() { Id = value.Id, Text = value.Text };
}

[GenerateSerializer]
internal struct AnalyzedSentenceSurrogate
{
    [Id(0)] public int Index;
    [Id(1)] public int Start;
    [Id(2)] public int Length;
    [Id(3)] public string Text;
    [Id(4)] public byte Tags;
    [Id(5)] public float AiJustification;
    [Id(6)] public float CostCapex;
    [Id(7)] public float HumanImpact;
}

[RegisterConverter]
internal sealed class AnalyzedSentenceConverter : IConverter<AnalyzedSentence, AnalyzedSentenceSurrogate>
{
    public AnalyzedSentence ConvertFromSurrogate(in AnalyzedSentenceSurrogate s)
        => new(s.Index, s.Start, s.Length, s.Text, (TagSet)s.Tags, new TagScores(s.AiJustification, s.CostCapex, s.HumanImpact));

    public AnalyzedSentenceSurrogate ConvertToSurrogate(in AnalyzedSentence v) => new()
    {
        Index = v.Index, Start = v.Start, Length = v.Length, Text = v.Text, Tags = (byte)v.Tags,
        AiJustification = v.Scores.AiJustification, CostCapex = v.Scores.CostCapex, HumanImpact = v.Scores.HumanImpact,
    };
}

[GenerateSerializer]
internal struct DocumentAnalysisSurrogate
{
    [Id(0)] public string? Id;
    [Id(1)] public AnalyzedSentence[] Sentences;
}

[RegisterConverter]
internal sealed class DocumentAnalysisConverter : IConverter<DocumentAnalysis, DocumentAnalysisSurrogate>
{
    // The summary is derived from the sentences, so it is rebuilt rather than sent.
    public DocumentAnalysis ConvertFromSurrogate(in DocumentAnalysisSurrogate s)
        => new(s.Id, s.Sentences, DocumentSummary.FromTags(s.Sentences.Select(x => x.Tags)));

    public DocumentAnalysisSurrogate ConvertToSurrogate(in DocumentAnalysis v) => new() { Id = v.Id, Sentences = [.. v.Sentences] };
}
