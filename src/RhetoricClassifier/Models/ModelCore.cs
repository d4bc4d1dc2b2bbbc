using Microsoft.ML;
using RhetoricClassifier.Features;
using RhetoricClassifier.Scoring;

namespace RhetoricClassifier.Models;

/// <summary>
/// A trained model's parts: the n-gram vocabulary, ML.NET's per-tag transformers (the reference and the
/// saved form) and the compiled forest the fast path evaluates. Immutable.
/// </summary>
internal sealed class ModelCore
{
    public ModelCore(MLContext context, FeatureVocabulary vocabulary, IReadOnlyList<ITransformer> transformers)
    {
        Context = context;
        Vocabulary = vocabulary;
        Transformers = transformers;
        Forest = new CompiledForest(vocabulary, transformers.Select(MlNetInterop.Extract).ToList());
    }

    public MLContext Context { get; }

    public FeatureVocabulary Vocabulary { get; }

    public IReadOnlyList<ITransformer> Transformers { get; }

    public CompiledForest Forest { get; }

    /// <summary>Probabilities from the fast path for one sentence, on this thread's workspace.</summary>
    public void Score(ReadOnlySpan<char> sentence, Span<float> probabilities)
        => ScoringWorkspace.ForCurrentThread(Forest).Score(sentence, probabilities);

    /// <summary>Probabilities from ML.NET's own <see cref="PredictionEngine{TSrc, TDst}"/>: slow, for checking the fast path.</summary>
    public float[][] ScoreWithPredictionEngine(IReadOnlyList<string> sentences)
    {
        using var scorer = new PredictionEngineScorer(this);
        var result = new float[sentences.Count][];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = new float[Transformers.Count];
            scorer.Score(sentences[i], result[i]);
        }

        return result;
    }
}
