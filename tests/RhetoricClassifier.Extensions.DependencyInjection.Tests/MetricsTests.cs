using System.Diagnostics.Metrics;

namespace RhetoricClassifier.Extensions.DependencyInjection.Tests;

public sealed class MetricsTests
{
    [Fact]
    public void Scoring_reports_sentences_and_documents_on_the_RhetoricClassifier_meter()
    {
        RhetoricModel model = RhetoricModel.LoadDefault();
        long sentences = 0, documents = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RhetoricClassifierOptions.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "rhetoric.sentences.scored") Interlocked.Add(ref sentences, value);
            if (instrument.Name == "rhetoric.documents.scored") Interlocked.Add(ref documents, value);
        });
        listener.Start();

        DocumentAnalysis analysis = model.Analyze("We cut 300 jobs. Capex doubled. The weather was fine.");
        List<DocumentAnalysis> many = model.AnalyzeMany([new TextDocument("a", "One. Two."), new TextDocument("b", "Three.")]).ToList();

        // Other tests may score at the same time, so the counts are at least what this test scored.
        Assert.True(Interlocked.Read(ref sentences) >= analysis.Sentences.Count + many.Sum(d => d.Sentences.Count));
        Assert.True(Interlocked.Read(ref documents) >= 3);
    }
}
