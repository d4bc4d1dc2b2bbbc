using Microsoft.ML;
using RhetoricClassifier.Explanations;
using RhetoricClassifier.Features;
using RhetoricClassifier.Scoring;

namespace RhetoricClassifier.Models;

/// <summary>
/// A trained model's parts: the n-gram vocabulary, ML.NET's per-tag transformers (FastTree and, in an
/// ensemble, logistic regression: the reference and the saved form) and the compiled forest the fast path
/// evaluates. Immutable.
/// </summary>
internal sealed class ModelCore
{
    public ModelCore(MLContext context, FeatureVocabulary vocabulary, IReadOnlyList<ITransformer> transformers,
        IReadOnlyList<ITransformer>? linearTransformers = null, double linearWeight = 0)
    {
        Context = context;
        Vocabulary = vocabulary;
        Transformers = transformers;
        LinearTransformers = linearTransformers;
        LinearWeight = linearTransformers is null ? 0 : linearWeight;
        Ensembles = transformers.Select(MlNetInterop.Extract).ToList();
        LinearModels = linearTransformers?.Select(MlNetInterop.ExtractLinear).ToList();
        Forest = new CompiledForest(vocabulary, Ensembles, LinearModels, LinearWeight);
        _explainer = new Lazy<ForestExplainer>(() => new ForestExplainer(vocabulary, Ensembles, LinearModels, LinearWeight),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private readonly Lazy<ForestExplainer> _explainer;

    public MLContext Context { get; }

    public FeatureVocabulary Vocabulary { get; }

    public IReadOnlyList<ITransformer> Transformers { get; }

    /// <summary>ML.NET's per-tag linear models, or <see langword="null"/> for a FastTree-only model.</summary>
    public IReadOnlyList<ITransformer>? LinearTransformers { get; }

    /// <summary>The linear models' weight in each probability (0 when there are none).</summary>
    public double LinearWeight { get; }

    public CompiledForest Forest { get; }

    /// <summary>The trees and calibration of each tag as trained, in tag order.</summary>
    public IReadOnlyList<TagEnsemble> Ensembles { get; }

    /// <summary>The linear model of each tag as trained, in tag order, or <see langword="null"/> for FastTree alone.</summary>
    public IReadOnlyList<LinearTagModel>? LinearModels { get; }

    /// <summary>The exact explainer, built on first use (most runs never ask for explanations).</summary>
    public ForestExplainer Explainer => _explainer.Value;

    /// <summary>The same learners blended with another linear weight (0: FastTree alone; 1: linear alone), for comparisons.</summary>
    public ModelCore WithLinearWeight(double linearWeight)
        => new(Context, Vocabulary, Transformers, LinearTransformers, linearWeight);

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
