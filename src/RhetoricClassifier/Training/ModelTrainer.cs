using System.Reflection;
using RhetoricClassifier.Data;
using RhetoricClassifier.Models;

namespace RhetoricClassifier.Training;

/// <summary>
/// Cross-validates, picks per-tag thresholds on the out-of-fold predictions, then trains the final model
/// on all the data.
/// </summary>
internal static class ModelTrainer
{
    public static (ModelManifest Manifest, ModelCore Core) Train(IReadOnlyList<LabeledSentence> data, TrainingOptions options,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        options.Validate();
        Check(data, options);

        // Seeded fold assignment, balanced by label combination so every fold sees every tag.
        int[] fold = AssignFolds(data, options.Folds, options.Seed);
        var oof = new float[data.Count][];
        for (int k = 0; k < options.Folds; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report($"cross-validation fold {k + 1}/{options.Folds}");
            var train = data.Where((_, i) => fold[i] != k).ToList();
            ModelCore core = FastTreeTagTrainer.Train(train, options, cancellationToken);
            for (int i = 0; i < data.Count; i++)
            {
                if (fold[i] == k)
                {
                    oof[i] = new float[RhetoricTags.Count];
                    core.Score(data[i].Text, oof[i]);
                }
            }
        }

        var thresholds = new Dictionary<string, float>();
        foreach (RhetoricTag tag in RhetoricTags.All)
        {
            thresholds[tag.Id()] = BestF1Threshold(oof.Select(p => p[(int)tag]).ToArray(), data.Select(d => d.Labels.Contains(tag)).ToArray());
        }

        float[] cut = RhetoricTags.ThresholdArray(thresholds);
        var predicted = oof.Select(p => RhetoricTags.Decide(p, cut)).ToList();
        EvaluationReport cv = EvaluationReport.Compute(data, predicted);

        progress?.Report("training the final model on all data");
        ModelCore final = FastTreeTagTrainer.Train(data, options, cancellationToken);
        var manifest = new ModelManifest
        {
            LibraryVersion = LibraryVersion,
            Tags = RhetoricTags.All.Select(t => t.Id()).ToList(),
            Thresholds = thresholds,
            Training = options,
            TrainingDataSha256 = TrainingDataFingerprint.Compute(data),
            TrainingSetSize = data.Count,
            FeatureCount = final.Vocabulary.Count,
            CrossValidation = cv,
            CreatedUtc = DateTimeOffset.UtcNow,
        };
        return (manifest, final);
    }

    internal static string LibraryVersion { get; } =
        typeof(ModelTrainer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static void Check(IReadOnlyList<LabeledSentence> data, TrainingOptions options)
    {
        if (data.Count < options.Folds * 2)
        {
            throw new TrainingDataException($"{data.Count} training sentences are too few for {options.Folds}-fold cross-validation");
        }

        foreach (RhetoricTag tag in RhetoricTags.All)
        {
            int positives = data.Count(d => d.Labels.Contains(tag));
            if (positives == 0)
            {
                throw new TrainingDataException($"no training sentence carries the tag '{tag.Id()}': every tag needs positive examples");
            }

            if (positives == data.Count)
            {
                throw new TrainingDataException($"every training sentence carries the tag '{tag.Id()}': every tag needs negative examples");
            }

            if (positives < options.Folds)
            {
                throw new TrainingDataException($"only {positives} training sentences carry the tag '{tag.Id()}'; {options.Folds}-fold cross-validation needs at least {options.Folds}");
            }
        }
    }

    internal static int[] AssignFolds(IReadOnlyList<LabeledSentence> data, int folds, int seed)
    {
        var rng = new Random(seed);
        int[] fold = new int[data.Count];
        foreach (var group in Enumerable.Range(0, data.Count).GroupBy(i => data[i].Labels).OrderBy(g => g.Key))
        {
            int[] members = group.ToArray();
            rng.Shuffle(members);
            for (int j = 0; j < members.Length; j++)
            {
                fold[members[j]] = j % folds;
            }
        }

        return fold;
    }

    /// <summary>The threshold that maximises F1, placed halfway between the best cut and the next lower score.</summary>
    internal static float BestF1Threshold(float[] scores, bool[] labels)
    {
        int[] order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToArray();
        int positives = labels.Count(l => l);
        int tp = 0, fp = 0;
        double bestF1 = -1;
        float best = 0.5f;
        for (int r = 0; r < order.Length; r++)
        {
            if (labels[order[r]])
            {
                tp++;
            }
            else
            {
                fp++;
            }

            // Only cut between distinct scores.
            if (r + 1 < order.Length && scores[order[r + 1]] == scores[order[r]])
            {
                continue;
            }

            double f1 = 2.0 * tp / ((2.0 * tp) + fp + (positives - tp));
            if (f1 > bestF1)
            {
                bestF1 = f1;
                float next = r + 1 < order.Length ? scores[order[r + 1]] : 0f;
                best = (scores[order[r]] + next) / 2;
            }
        }

        return Math.Clamp(best, 0.01f, 0.99f);
    }
}
