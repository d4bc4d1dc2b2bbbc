using Microsoft.ML;
using RhetoricClassifier.Scoring;

namespace RhetoricClassifier.Models;

/// <summary>
/// The straightforward ML.NET path: our featurizer, then one <see cref="PredictionEngine{TSrc, TDst}"/> per
/// tag and learner, blended as the model says. The reference the fast path is checked against, and the baseline it is measured against.
/// Not thread-safe (PredictionEngine is not): one instance per thread.
/// </summary>
internal sealed class PredictionEngineScorer : IDisposable
{
    private readonly ModelCore _core;
    private readonly PredictionEngine<MlNetInterop.FeatureRow, MlNetInterop.PredictionRow>[] _engines;
    private readonly PredictionEngine<MlNetInterop.FeatureRow, MlNetInterop.PredictionRow>[] _linear;

    public PredictionEngineScorer(ModelCore core)
    {
        _core = core;
        _engines = Engines(core, core.MlNet.TagTransformers);
        _linear = Engines(core, core.MlNet.LinearTransformers ?? []);
    }

    private static PredictionEngine<MlNetInterop.FeatureRow, MlNetInterop.PredictionRow>[] Engines(ModelCore core, IReadOnlyList<ITransformer> transformers)
        => transformers
            .Select(t => core.MlNet.Context.Model.CreatePredictionEngine<MlNetInterop.FeatureRow, MlNetInterop.PredictionRow>(
                t, inputSchemaDefinition: MlNetInterop.Schema(core.Vocabulary.Count)))
            .ToArray();

    public void Score(string sentence, Span<float> probabilities)
    {
        MlNetInterop.FeatureRow row = MlNetInterop.Row(_core.Vocabulary, sentence);
        for (int t = 0; t < _engines.Length; t++)
        {
            MlNetInterop.PredictionRow trees = _engines[t].Predict(row);
            if (_linear.Length == 0)
            {
                probabilities[t] = trees.Probability;
                continue;
            }

            // Blend ML.NET's raw scores through each model's own calibrator, as the fast path does (the
            // probabilities themselves are too coarse near 0 and 1 to recover the log-odds from).
            TagEnsemble ensemble = _core.Ensembles[t];
            LinearTagModel linear = _core.LinearModels![t];
            probabilities[t] = CompiledForest.Blend(
                CompiledForest.Margin(trees.Score, ensemble.PlattSlope, ensemble.PlattOffset),
                CompiledForest.Margin(_linear[t].Predict(row).Score, linear.PlattSlope, linear.PlattOffset),
                _core.LinearWeight);
        }
    }

    public void Dispose()
    {
        foreach (var e in _engines.Concat(_linear))
        {
            e.Dispose();
        }
    }
}
