using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using RhetoricClassifier.Features;
using RhetoricClassifier.Scoring;

namespace RhetoricClassifier.Models;

/// <summary>The seam between our feature vectors and ML.NET: data views, reference predictions and tree extraction.</summary>
internal static class MlNetInterop
{
    public const string LabelColumn = "Label";
    public const string FeaturesColumn = "Features";

    /// <summary>An input row for ML.NET: our sparse n-gram counts and, for training, the label.</summary>
    public sealed class FeatureRow
    {
        public bool Label { get; set; }

        public VBuffer<float> Features { get; set; }
    }

    /// <summary>ML.NET's output for one row.</summary>
    public sealed class PredictionRow
    {
        public float Score { get; set; }

        public float Probability { get; set; }
    }

    // MLContext.CancelExecution is internal in ML.NET 5 (only Microsoft.ML.Experimental exposes it), yet it is how a
    // running Fit is stopped: FastTree and L-BFGS check the context between iterations and throw
    // OperationCanceledException. Looked up once; if a later ML.NET drops it, training still stops between fits.
    private static readonly Action<MLContext>? s_cancelExecution =
        typeof(MLContext).GetMethod("CancelExecution", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic, Type.EmptyTypes)
            ?.CreateDelegate<Action<MLContext>>();

    /// <summary>Whether <see cref="CancelOn"/> can stop a fit in progress (false only if ML.NET no longer has the hook).</summary>
    public static bool CanCancelFits => s_cancelExecution is not null;

    /// <summary>
    /// Cancels everything running on <paramref name="context"/> when <paramref name="cancellationToken"/> is cancelled
    /// (at once if it already is), so that a FastTree or L-BFGS fit stops within an iteration. Dispose to unhook.
    /// </summary>
    public static CancellationTokenRegistration CancelOn(MLContext context, CancellationToken cancellationToken)
        => s_cancelExecution is { } cancel ? cancellationToken.Register(() => cancel(context)) : default;

    public static SchemaDefinition Schema(int dimension)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[FeaturesColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Math.Max(1, dimension));
        return schema;
    }

    /// <summary>An empty view with the input schema, which ML.NET's saver wants beside the transformer.</summary>
    public static DataViewSchema SchemaView(MLContext context, int dimension)
        => context.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), Schema(dimension)).Schema;

    public static FeatureRow Row(FeatureVocabulary vocabulary, string text, bool label = false)
    {
        (int[] indices, float[] values) = vocabulary.Featurize(text);
        return new FeatureRow { Label = label, Features = new VBuffer<float>(Math.Max(1, vocabulary.Count), indices.Length, values, indices) };
    }

    /// <summary>The trees and calibration inside a trained or loaded FastTree binary model.</summary>
    public static TagEnsemble Extract(ITransformer transformer)
    {
        object? model = (transformer as ISingleFeaturePredictionTransformer<object>)?.Model;
        if (model is not CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator> calibrated)
        {
            throw new InvalidDataException($"expected a calibrated FastTree binary model, found {model?.GetType().Name ?? transformer.GetType().Name}");
        }

        RegressionTreeEnsemble ensemble = calibrated.SubModel.TrainedTreeEnsemble;
        var trees = new List<TreeData>(ensemble.Trees.Count);
        for (int i = 0; i < ensemble.Trees.Count; i++)
        {
            RegressionTree tree = ensemble.Trees[i];
            if (tree.CategoricalSplitFlags.Any(f => f))
            {
                throw new InvalidDataException("categorical splits are not supported");
            }

            trees.Add(new TreeData(
                [.. tree.LeftChild],
                [.. tree.RightChild],
                [.. tree.NumericalSplitFeatureIndexes],
                [.. tree.NumericalSplitThresholds],
                [.. tree.LeafValues],
                ensemble.TreeWeights[i]));
        }

        return new TagEnsemble(trees, ensemble.Bias, calibrated.Calibrator.Slope, calibrated.Calibrator.Offset);
    }

    /// <summary>The weights, bias and calibration inside a trained or loaded logistic regression model.</summary>
    public static LinearTagModel ExtractLinear(ITransformer transformer)
    {
        object? model = (transformer as ISingleFeaturePredictionTransformer<object>)?.Model;
        if (model is not CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator> calibrated)
        {
            throw new InvalidDataException($"expected a calibrated linear binary model, found {model?.GetType().Name ?? transformer.GetType().Name}");
        }

        return new LinearTagModel([.. calibrated.SubModel.Weights], calibrated.SubModel.Bias, calibrated.Calibrator.Slope, calibrated.Calibrator.Offset);
    }
}
