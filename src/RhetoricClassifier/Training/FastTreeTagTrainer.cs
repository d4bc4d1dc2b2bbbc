using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using RhetoricClassifier.Data;
using RhetoricClassifier.Features;
using RhetoricClassifier.Models;

namespace RhetoricClassifier.Training;

/// <summary>Trains the per-tag ML.NET FastTree binary classifiers on our n-gram count vectors.</summary>
internal static class FastTreeTagTrainer
{
    public static ModelCore Train(IReadOnlyList<LabeledSentence> data, TrainingOptions options, CancellationToken cancellationToken)
    {
        FeatureVocabulary vocabulary = FeatureVocabulary.Build(data.Select(d => (d.Text, d.Labels)).ToList(), options.Features,
            options.MinDocumentFrequency, options.FeaturesPerTag, cancellationToken);
        var rows = data.Select(d => MlNetInterop.Row(vocabulary, d.Text)).ToArray();
        var context = new MLContext(options.Seed);
        var transformers = new List<ITransformer>();
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
        }

        return new ModelCore(context, vocabulary, transformers);
    }
}
