using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using RhetoricClassifier.Data;
using RhetoricClassifier.Features;
using RhetoricClassifier.Models;

namespace RhetoricClassifier.Training;

/// <summary>
/// Trains the per-tag ML.NET learners on our n-gram count vectors: a FastTree binary classifier and, when
/// <see cref="TrainingOptions.LinearWeight"/> is above zero, an L-BFGS logistic regression on the same rows.
/// </summary>
internal static class FastTreeTagTrainer
{
    public static ModelCore Train(IReadOnlyList<LabeledSentence> data, TrainingOptions options, CancellationToken cancellationToken)
    {
        FeatureVocabulary vocabulary = FeatureVocabulary.Build(data.Select(d => (d.Text, d.Labels)).ToList(), options.Features,
            options.MinDocumentFrequency, options.FeaturesPerTag, cancellationToken);
        var rows = new MlNetInterop.FeatureRow[data.Count];
        for (int i = 0; i < rows.Length; i++)
        {
            if (i % 1024 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            rows[i] = MlNetInterop.Row(vocabulary, data[i].Text);
        }

        var context = new MLContext(options.Seed);
        using CancellationTokenRegistration stopFits = MlNetInterop.CancelOn(context, cancellationToken);
        try
        {
            return Fit(data, options, vocabulary, rows, context, cancellationToken);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or AggregateException
            && !(e is OperationCanceledException oce && oce.CancellationToken == cancellationToken))
        {
            // ML.NET's own exception does not carry the caller's token, and multi-threaded FastTree throws one per
            // thread, wrapped in an AggregateException: either way the caller sees one cancellation.
            throw new OperationCanceledException("training was cancelled", e, cancellationToken);
        }
    }

    private static ModelCore Fit(IReadOnlyList<LabeledSentence> data, TrainingOptions options, FeatureVocabulary vocabulary,
        MlNetInterop.FeatureRow[] rows, MLContext context, CancellationToken cancellationToken)
    {
        var transformers = new List<ITransformer>();
        List<ITransformer>? linear = options.LinearWeight > 0 ? [] : null;
        foreach (RhetoricTag tag in RhetoricTags.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < rows.Length; i++)
            {
                rows[i].Label = data[i].Labels.Contains(tag);
            }

            IDataView view = context.Data.LoadFromEnumerable(rows, MlNetInterop.Schema(vocabulary.Count));
            var trainer = context.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                LabelColumnName = MlNetInterop.LabelColumn,
                FeatureColumnName = MlNetInterop.FeaturesColumn,
                NumberOfTrees = options.NumberOfTrees,
                NumberOfLeaves = options.NumberOfLeaves,
                MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf,
                LearningRate = options.LearningRate,
                FeatureFraction = options.FeatureFraction,
                Seed = options.Seed,
                NumberOfThreads = options.Threads,
                DiskTranspose = false,
            });
            transformers.Add(trainer.Fit(view));
            linear?.Add(context.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = MlNetInterop.LabelColumn,
                FeatureColumnName = MlNetInterop.FeaturesColumn,
                L1Regularization = options.LinearL1Regularization,
                L2Regularization = options.LinearL2Regularization,
                NumberOfThreads = 1, // multi-threaded L-BFGS sums gradients in a varying order: not reproducible
            }).Fit(view));
        }

        cancellationToken.ThrowIfCancellationRequested();

        return MlNetModels.FromTransformers(context, options.Seed, vocabulary.Count, transformers, linear).ToCore(vocabulary, options.LinearWeight);
    }
}
