using RhetoricClassifier.Explanations;
using RhetoricClassifier.Features;
using RhetoricClassifier.Scoring;

namespace RhetoricClassifier.Models;

/// <summary>
/// A trained model's parts: the n-gram vocabulary, each tag's trees, calibration and (in an ensemble) linear
/// model, the compiled forest the fast path evaluates, and ML.NET's transformers for the reference path and
/// saving (<see cref="MlNet"/>, loaded only when asked for). Immutable.
/// </summary>
internal sealed class ModelCore
{
    public ModelCore(FeatureVocabulary vocabulary, IReadOnlyList<TagEnsemble> ensembles, IReadOnlyList<LinearTagModel>? linearModels,
        double linearWeight, MlNetModels mlNet)
    {
        Vocabulary = vocabulary;
        Ensembles = ensembles;
        LinearModels = linearModels;
        LinearWeight = linearModels is null ? 0 : linearWeight;
        MlNet = mlNet;
        Forest = new CompiledForest(vocabulary, Ensembles, LinearModels, LinearWeight);
        _explainer = new Lazy<ForestExplainer>(() => new ForestExplainer(vocabulary, Ensembles, LinearModels, LinearWeight),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private readonly Lazy<ForestExplainer> _explainer;

    public FeatureVocabulary Vocabulary { get; }

    /// <summary>ML.NET's transformers and their saved bytes: the reference path and the saved form, never the scoring path.</summary>
    public MlNetModels MlNet { get; }

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
        => new(Vocabulary, Ensembles, LinearModels, linearWeight, MlNet);

    /// <summary>Probabilities from the fast path for one sentence, on this thread's workspace.</summary>
    public void Score(ReadOnlySpan<char> sentence, Span<float> probabilities)
        => ScoringWorkspace.ForCurrentThread(Forest).Score(sentence, probabilities);

    /// <summary>Probabilities from ML.NET's own <c>PredictionEngine</c>: slow, for checking the fast path. Loads ML.NET.</summary>
    public float[][] ScoreWithPredictionEngine(IReadOnlyList<string> sentences)
    {
        using var scorer = new PredictionEngineScorer(this);
        var result = new float[sentences.Count][];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = new float[Ensembles.Count];
            scorer.Score(sentences[i], result[i]);
        }

        return result;
    }
}
