using Microsoft.ML;

namespace RhetoricClassifier.Models;

/// <summary>
/// The straightforward ML.NET path: our featurizer, then one <see cref="PredictionEngine{TSrc, TDst}"/> per
/// tag. The reference the fast path is checked against, and the baseline it is measured against.
/// Not thread-safe (PredictionEngine is not): one instance per thread.
/// </summary>
internal sealed class PredictionEngineScorer : IDisposable
{
    private readonly ModelCore _core;
    private readonly PredictionEngine<MlNetInterop.FeatureRow, MlNetInterop.PredictionRow>[] _engines;

    public PredictionEngineScorer(ModelCore core)
    {
        _core = core;
        _engines = core.Transformers
            .Select(t => core.Context.Model.CreatePredictionEngine<MlNetInterop.FeatureRow, MlNetInterop.PredictionRow>(
                t, inputSchemaDefinition: MlNetInterop.Schema(core.Vocabulary.Count)))
            .ToArray();
    }

    public void Score(string sentence, Span<float> probabilities)
    {
        MlNetInterop.FeatureRow row = MlNetInterop.Row(_core.Vocabulary, sentence);
        for (int t = 0; t < _engines.Length; t++)
        {
            probabilities[t] = _engines[t].Predict(row).Probability;
        }
    }

    public void Dispose()
    {
        foreach (var e in _engines)
        {
            e.Dispose();
        }
    }
}
