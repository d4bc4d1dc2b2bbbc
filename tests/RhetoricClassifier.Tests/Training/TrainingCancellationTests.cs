using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using RhetoricClassifier.Data;
using RhetoricClassifier.Features;
using RhetoricClassifier.Models;
using RhetoricClassifier.Training;

namespace RhetoricClassifier.Tests.Training;

/// <summary>
/// Cancelling training takes effect at the stage it is in, including inside an ML.NET fit, not only at the end.
/// The token is cancelled from inside the run (a progress line) or before a fit, never on a timer.
/// </summary>
public sealed class TrainingCancellationTests
{
    private static readonly IReadOnlyList<LabeledSentence> Small = LabeledDataReader.ReadFile(SmallModelFixture.FixturePath("small.jsonl"));

    [Theory]
    [InlineData("cross-validation fold 1/3")]
    [InlineData("cross-validation fold 2/3")]
    [InlineData("training the final model on all data")]
    public void Cancelling_at_a_stage_stops_training_there(string stage)
    {
        using var cts = new CancellationTokenSource();
        var lines = new List<string>();
        var progress = new InlineProgress(line =>
        {
            lines.Add(line);
            if (line == stage)
            {
                cts.Cancel();
            }
        });

        var e = Assert.ThrowsAny<OperationCanceledException>(() => RhetoricModel.Train(Small, SmallModelFixture.FastOptions, progress, cts.Token));

        Assert.Equal(cts.Token, e.CancellationToken);
        Assert.Equal(stage, lines[^1]); // nothing after the stage it was cancelled in
    }

    [Fact]
    public void The_hook_that_stops_a_fit_in_progress_is_there()
        => Assert.True(MlNetInterop.CanCancelFits, "MLContext.CancelExecution was not found: a fit can no longer be stopped while it runs");

    [Theory]
    [InlineData("fasttree")]
    [InlineData("lbfgs")]
    public void A_cancelled_token_stops_an_ml_net_fit(string learner)
    {
        FeatureVocabulary vocabulary = FeatureVocabulary.Build(Small.Select(s => (s.Text, s.Labels)).ToList(), SmallModelFixture.FastOptions.Features, 1, 200, CancellationToken.None);
        var rows = Small.Select(s => MlNetInterop.Row(vocabulary, s.Text, s.Labels.Contains(RhetoricTag.HumanImpact))).ToArray();
        var context = new MLContext(1);
        IDataView view = context.Data.LoadFromEnumerable(rows, MlNetInterop.Schema(vocabulary.Count));
        IEstimator<ITransformer> trainer = learner == "fasttree"
            ? context.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                LabelColumnName = MlNetInterop.LabelColumn,
                FeatureColumnName = MlNetInterop.FeaturesColumn,
                NumberOfTrees = 20,
                MinimumExampleCountPerLeaf = 2,
                DiskTranspose = false,
            })
            : context.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = MlNetInterop.LabelColumn,
                FeatureColumnName = MlNetInterop.FeaturesColumn,
                NumberOfThreads = 1,
            });

        // The same fit runs to the end on a context nobody cancels.
        Assert.NotNull(trainer.Fit(view));

        using var cts = new CancellationTokenSource();
        using (MlNetInterop.CancelOn(context, cts.Token))
        {
            cts.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => trainer.Fit(view));
        }
    }

    private sealed class InlineProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
