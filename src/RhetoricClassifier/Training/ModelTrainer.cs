using System.Globalization;
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

        // Before any work: training needs about 10 KB of memory per sentence.
        if (data.Count > InputLimits.MaxTrainingSentences)
        {
            throw new TrainingDataException(string.Create(CultureInfo.InvariantCulture,
                $"{data.Count:N0} training sentences are more than the {InputLimits.MaxTrainingSentences:N0} one training run takes (memory grows by about 8 KB per sentence; see 'Limits and safety' in the README): sample the data"));
        }

        int[] group = DuplicateGroups(data, out int distinct, cancellationToken);
        Check(data, group, distinct, options);
        var warnings = new List<string>();
        if (distinct < data.Count)
        {
            string warning = DuplicateWarning(data.Count, distinct);
            warnings.Add(warning);
            progress?.Report($"warning: {warning}");
        }

        // Seeded fold assignment, balanced by label combination so every fold sees every tag, with all copies
        // of a sentence in one fold: a copy in the training folds would make its held-out twin look learnt.
        int[] fold = AssignFolds(data, group, options.Folds, options.Seed);
        foreach (string warning in FoldWarnings(data, fold, options.Folds))
        {
            warnings.Add(warning);
            progress?.Report($"warning: {warning}");
        }

        var oof = new float[data.Count][];
        for (int k = 0; k < options.Folds; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report($"cross-validation fold {k + 1}/{options.Folds}");
            var train = data.Where((_, i) => fold[i] != k).ToList();
            ModelCore core = FastTreeTagTrainer.Train(train, options, cancellationToken);
            for (int i = 0; i < data.Count; i++)
            {
                if (i % 1024 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

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
        EvaluationReport cv = EvaluationReport.Compute(data, predicted) with { Warnings = warnings };

        cancellationToken.ThrowIfCancellationRequested();
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

    /// <summary>The warning for a training set with exact duplicates (after normalisation).</summary>
    internal static string DuplicateWarning(int count, int distinct)
        => string.Create(CultureInfo.InvariantCulture,
            $"{count - distinct:N0} of the {count:N0} training sentences are exact duplicates (after normalising case, punctuation and digits) of other sentences; only {distinct:N0} are distinct. Cross-validation figures are meaningless when copies of a sentence fall in different folds, so all copies of a sentence are kept in one fold; the figures still count every copy, and the model gives duplicated sentences more weight. Remove the duplicates ('rhetoric data check' lists them).");

    /// <summary>For each sentence, the index of its group of exact duplicates (numbered in order of first appearance).</summary>
    internal static int[] DuplicateGroups(IReadOnlyList<LabeledSentence> data, out int distinct, CancellationToken cancellationToken = default)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        int[] group = new int[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            if (i % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            string key = CorpusChecker.DuplicateKey(data[i].Text);
            if (!first.TryGetValue(key, out int g))
            {
                first[key] = g = first.Count;
            }

            group[i] = g;
        }

        distinct = first.Count;
        return group;
    }

    private static void Check(IReadOnlyList<LabeledSentence> data, int[] group, int distinct, TrainingOptions options)
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

        // The same checks on distinct sentences: copies of one sentence all land in one fold.
        if (distinct < options.Folds * 2)
        {
            throw new TrainingDataException($"only {distinct} of the {data.Count} training sentences are distinct (the rest are duplicates): too few for {options.Folds}-fold cross-validation");
        }

        foreach (RhetoricTag tag in RhetoricTags.All)
        {
            int distinctPositives = Enumerable.Range(0, data.Count).Where(i => data[i].Labels.Contains(tag)).Select(i => group[i]).Distinct().Count();
            if (distinctPositives < options.Folds)
            {
                throw new TrainingDataException($"only {distinctPositives} distinct training sentences carry the tag '{tag.Id()}' (the others are duplicates); {options.Folds}-fold cross-validation needs at least {options.Folds}");
            }
        }
    }

    /// <summary>Folds as training assigns them (see the overload), duplicate groups included.</summary>
    internal static int[] AssignFolds(IReadOnlyList<LabeledSentence> data, int folds, int seed)
        => AssignFolds(data, DuplicateGroups(data, out _), folds, seed);

    /// <summary>
    /// Deals the duplicate groups (<see cref="DuplicateGroups"/>) out to folds, shuffled within each label combination
    /// (that of the group's first sentence), so every copy of a sentence lands in the fold of its group. Without
    /// duplicates each group is one sentence and this is a plain stratified shuffle.
    /// </summary>
    internal static int[] AssignFolds(IReadOnlyList<LabeledSentence> data, int[] group, int folds, int seed)
    {
        var firstOf = new List<int>();
        var members = new List<List<int>>();
        for (int i = 0; i < data.Count; i++)
        {
            if (group[i] == members.Count)
            {
                firstOf.Add(i);
                members.Add([]);
            }

            members[group[i]].Add(i);
        }

        var rng = new Random(seed);
        int[] groupFold = new int[members.Count];
        foreach (var stratum in Enumerable.Range(0, members.Count).GroupBy(g => data[firstOf[g]].Labels).OrderBy(s => s.Key))
        {
            int[] groups = stratum.ToArray();
            rng.Shuffle(groups);
            for (int j = 0; j < groups.Length; j++)
            {
                groupFold[groups[j]] = j % folds;
            }
        }

        SpreadThinTags(groupFold, g => data[firstOf[g]].Labels, folds);
        int[] fold = new int[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            fold[i] = groupFold[group[i]];
        }

        return fold;
    }

    /// <summary>
    /// Dealing starts again at fold 0 in every label combination, so a tag spread thinly over several combinations
    /// can land wholly in the first folds (three sentences of a tag in three combinations: all in fold 0, whose model
    /// then never sees the tag; its CV F1 came out 0 and its threshold at the floor, silently). Whole groups are moved
    /// into each fold that lacks a tag from the fold with the most of it, only while every tag of the moved group keeps
    /// a sentence in the fold it leaves, so a tag once spread stays spread. Assignments where every fold holds every
    /// tag are left exactly as dealt.
    /// </summary>
    private static void SpreadThinTags(int[] groupFold, Func<int, TagSet> labels, int folds)
    {
        foreach (RhetoricTag tag in RhetoricTags.All)
        {
            // Each move fills one empty fold and empties none, so this ends within folds rounds.
            while (true)
            {
                int[][] count = [.. RhetoricTags.All.Select(t => CountTag(groupFold, labels, t, folds))];
                int[] mine = count[(int)tag];
                int empty = Array.IndexOf(mine, 0);
                if (empty < 0)
                {
                    break;
                }

                int donor = Array.IndexOf(mine, mine.Max());
                int moved = -1;
                for (int g = groupFold.Length - 1; g >= 0 && moved < 0; g--)
                {
                    TagSet set = labels(g);
                    if (groupFold[g] == donor && set.Contains(tag) && RhetoricTags.All.All(t => !set.Contains(t) || count[(int)t][donor] >= 2))
                    {
                        moved = g;
                    }
                }

                if (moved < 0)
                {
                    break; // nothing can move without emptying another tag's fold: FoldWarnings says so
                }

                groupFold[moved] = empty;
            }
        }
    }

    private static int[] CountTag(int[] groupFold, Func<int, TagSet> labels, RhetoricTag tag, int folds)
    {
        int[] count = new int[folds];
        for (int g = 0; g < groupFold.Length; g++)
        {
            if (labels(g).Contains(tag))
            {
                count[groupFold[g]]++;
            }
        }

        return count;
    }

    /// <summary>A warning for each tag that some cross-validation fold holds no sentence of (its figures are then unreliable).</summary>
    internal static List<string> FoldWarnings(IReadOnlyList<LabeledSentence> data, int[] fold, int folds)
    {
        var warnings = new List<string>();
        foreach (RhetoricTag tag in RhetoricTags.All)
        {
            int[] count = new int[folds];
            for (int i = 0; i < data.Count; i++)
            {
                if (data[i].Labels.Contains(tag))
                {
                    count[fold[i]]++;
                }
            }

            int missing = count.Count(c => c == 0);
            if (missing > 0)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{missing} of the {folds} cross-validation folds hold no sentence tagged '{tag.Id()}' (it has too few distinct examples to spread): its cross-validated figures and threshold are unreliable; add examples or use fewer folds"));
            }
        }

        return warnings;
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
