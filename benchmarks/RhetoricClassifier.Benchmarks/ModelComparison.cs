using System.Diagnostics;
using System.Globalization;
using RhetoricClassifier.Data;
using RhetoricClassifier.Models;
using RhetoricClassifier.Scoring;
using RhetoricClassifier.Training;

namespace RhetoricClassifier.Benchmarks;

/// <summary>
/// <c>compare-models [ROOT|.] [FILTER]</c>: for each feature variant, runs the training's own k-fold
/// cross-validation once with both learners, then compares FastTree alone, the linear learner alone, their
/// probabilities blended at several weights, and a stacked blend (a per-tag logistic regression on the two
/// learners' out-of-fold logits). Every row gets thresholds from its own out-of-fold predictions, and is
/// measured on cross-validation and on each held-out split (files with <c>test</c> in the name, never
/// trained on): per-tag and macro F1, and macro average precision (ranking quality, threshold-free).
/// FILTER keeps the variants named in it (names separated by <c>|</c>). The table is recorded in <c>training-data/README.md</c>.
/// </summary>
internal static class ModelComparison
{
    private static readonly TrainingOptions D = TrainingOptions.Default with { LinearWeight = 0.5 };

    private static readonly double[] Weights = [0, 0.3, 0.5, 0.7, 1];

    /// <summary>The feature variants compared.</summary>
    internal static readonly (string Name, TrainingOptions Options)[] Variants =
    [
        ("n-gram counts", D with { CountCap = 0, QuoteTokens = false, CueLexicons = false }),
        ("counts capped at 2", D with { CountCap = 2, QuoteTokens = false, CueLexicons = false }),
        ("quote tokens", D with { CountCap = 0, QuoteTokens = true, CueLexicons = false }),
        ("cue lexicons", D with { CountCap = 0, QuoteTokens = false, CueLexicons = true }),
        ("cap 2 + quote tokens + cue lexicons", D with { CountCap = 2, QuoteTokens = true, CueLexicons = true }),
    ];

    public static void Run(string root, string? filter = null)
    {
        var files = Directory.GetFiles(Path.Combine(root, "training-data"), "*.jsonl").Order(StringComparer.Ordinal).ToList();
        var train = LabeledDataReader.ReadFiles(files.Where(f => !IsHeldOut(f)));
        var splits = files.Where(IsHeldOut).Select(f => (Name: Path.GetFileNameWithoutExtension(f), Data: LabeledDataReader.ReadFile(f))).ToList();
        Console.WriteLine($"{train.Count} training sentences; held out: {string.Join(", ", splits.Select(s => $"{s.Name} {s.Data.Count}"))}");
        string header = "| features | learner | CV macro-F1 | " + string.Join(" | ", splits.Select(s => $"{s.Name} F1 ai / cost / human | {s.Name} macro-F1 | {s.Name} macro-AP"))
            + " | train s |";
        Console.WriteLine(header);
        Console.WriteLine(string.Concat(Enumerable.Repeat("|---", header.Count(c => c == '|') - 1)) + "|");
        string[]? names = filter?.Split('|');
        foreach (var (name, options) in Variants.Where(v => names is null || names.Contains(v.Name, StringComparer.OrdinalIgnoreCase)))
        {
            Compare(name, options, train, splits);
        }
    }

    private static void Compare(string name, TrainingOptions options, IReadOnlyList<LabeledSentence> train,
        List<(string Name, IReadOnlyList<LabeledSentence> Data)> splits)
    {
        var clock = Stopwatch.StartNew();
        int[] fold = ModelTrainer.AssignFolds(train, options.Folds, options.Seed);
        var oofTrees = new float[train.Count][];
        var oofLinear = new float[train.Count][];
        for (int k = 0; k < options.Folds; k++)
        {
            var core = FastTreeTagTrainer.Train(train.Where((_, i) => fold[i] != k).ToList(), options, default);
            Score(core, train, i => fold[i] == k, oofTrees, oofLinear);
        }

        var final = FastTreeTagTrainer.Train(train, options, default);
        double seconds = clock.Elapsed.TotalSeconds;
        var tests = splits.Select(s => (s.Data, Trees: new float[s.Data.Count][], Linear: new float[s.Data.Count][])).ToList();
        foreach (var (data, trees, linear) in tests)
        {
            Score(final, data, _ => true, trees, linear);
        }

        foreach (double w in Weights)
        {
            Func<float[], float[], float[]> blend = (a, b) => a.Select((p, t) => CompiledForest.Blend(Margin(p), Margin(b[t]), w)).ToArray();
            string learner = w switch { 0 => "FastTree alone", 1 => "linear alone", _ => $"log-odds averaged, linear weight {w:0.0}" };
            Row(name, learner, train, oofTrees, oofLinear, tests, blend, seconds);
        }

        // Stacked: per tag, a logistic regression on the two learners' out-of-fold logits.
        var stackers = Enumerable.Range(0, RhetoricTags.Count)
            .Select(t => Stacker.Fit(oofTrees.Select(p => p[t]).ToArray(), oofLinear.Select(p => p[t]).ToArray(),
                train.Select(s => s.Labels.Contains((RhetoricTag)t)).ToArray()))
            .ToArray();
        Row(name, "stacked (logistic on both logits)", train, oofTrees, oofLinear, tests,
            (a, b) => a.Select((p, t) => stackers[t].Predict(p, b[t])).ToArray(), seconds);
    }

    // The Platt margin (minus the log-odds) of a probability, as CompiledForest.Blend takes it.
    private static double Margin(float p) => Math.Log((1 - Math.Clamp(p, 1e-7, 1 - 1e-7)) / Math.Clamp(p, 1e-7, 1 - 1e-7));

    private static void Score(ModelCore core, IReadOnlyList<LabeledSentence> data, Func<int, bool> which, float[][] trees, float[][] linear)
    {
        ModelCore treesOnly = core.WithLinearWeight(0), linearOnly = core.WithLinearWeight(1);
        for (int i = 0; i < data.Count; i++)
        {
            if (which(i))
            {
                trees[i] = new float[RhetoricTags.Count];
                linear[i] = new float[RhetoricTags.Count];
                treesOnly.Score(data[i].Text, trees[i]);
                linearOnly.Score(data[i].Text, linear[i]);
            }
        }
    }

    private static void Row(string features, string learner, IReadOnlyList<LabeledSentence> train, float[][] oofTrees, float[][] oofLinear,
        List<(IReadOnlyList<LabeledSentence> Data, float[][] Trees, float[][] Linear)> tests, Func<float[], float[], float[]> blend, double seconds)
    {
        float[][] oof = oofTrees.Select((p, i) => blend(p, oofLinear[i])).ToArray();
        float[] thresholds = RhetoricTags.All.Select(tag => ModelTrainer.BestF1Threshold(oof.Select(p => p[(int)tag]).ToArray(),
            train.Select(s => s.Labels.Contains(tag)).ToArray())).ToArray();
        var cv = EvaluationReport.Compute(train.Select(s => s.Labels).ToList(), oof.Select(p => RhetoricTags.Decide(p, thresholds)).ToList());
        var cells = new List<string> { features, learner, F(cv.MacroF1) };
        foreach (var (data, trees, linear) in tests)
        {
            float[][] scores = trees.Select((p, i) => blend(p, linear[i])).ToArray();
            var r = EvaluationReport.Compute(data.Select(s => s.Labels).ToList(), scores.Select(p => RhetoricTags.Decide(p, thresholds)).ToList());
            cells.Add($"{F(r.Tags[0].F1)} / {F(r.Tags[1].F1)} / {F(r.Tags[2].F1)}");
            cells.Add(F(r.MacroF1));
            cells.Add(F(MacroAveragePrecision(data, scores)));
        }

        cells.Add(seconds.ToString("0", CultureInfo.InvariantCulture));
        Console.WriteLine("| " + string.Join(" | ", cells) + " |");
    }

    private static bool IsHeldOut(string path) => Path.GetFileName(path).Contains("test", StringComparison.OrdinalIgnoreCase);

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    // Mean over tags of average precision: how well the scores rank the tagged sentences above the rest.
    private static double MacroAveragePrecision(IReadOnlyList<LabeledSentence> data, float[][] scores)
        => RhetoricTags.All.Average(tag =>
        {
            var ranked = data.Select((s, i) => (Score: scores[i][(int)tag], Positive: s.Labels.Contains(tag)))
                .OrderByDescending(x => x.Score).ToList();
            int positives = ranked.Count(x => x.Positive), hits = 0;
            double sum = 0;
            for (int k = 0; k < ranked.Count; k++)
            {
                if (ranked[k].Positive)
                {
                    sum += ++hits / (double)(k + 1);
                }
            }

            return positives == 0 ? 0 : sum / positives;
        });

    /// <summary>p = sigmoid(a * logit(trees) + b * logit(linear) + c), fitted by Newton's method on out-of-fold predictions.</summary>
    private sealed record Stacker(double A, double B, double C)
    {
        private static double Logit(float p) => Math.Log(Math.Clamp(p, 1e-6, 1 - 1e-6) / (1 - Math.Clamp(p, 1e-6, 1 - 1e-6)));

        public float Predict(float trees, float linear) => (float)(1 / (1 + Math.Exp(-((A * Logit(trees)) + (B * Logit(linear)) + C))));

        public static Stacker Fit(float[] trees, float[] linear, bool[] labels)
        {
            double[] w = [0.5, 0.5, 0];
            for (int iteration = 0; iteration < 50; iteration++)
            {
                var g = new double[3];
                var h = new double[3, 3];
                for (int i = 0; i < labels.Length; i++)
                {
                    double[] x = [Logit(trees[i]), Logit(linear[i]), 1];
                    double p = 1 / (1 + Math.Exp(-((w[0] * x[0]) + (w[1] * x[1]) + w[2])));
                    for (int j = 0; j < 3; j++)
                    {
                        g[j] += (p - (labels[i] ? 1 : 0)) * x[j];
                        for (int l = 0; l < 3; l++)
                        {
                            h[j, l] += p * (1 - p) * x[j] * x[l];
                        }
                    }
                }

                for (int j = 0; j < 3; j++)
                {
                    h[j, j] += 1e-3; // a little ridge keeps the solve stable
                }

                double[] step = Solve3(h, g);
                for (int j = 0; j < 3; j++)
                {
                    w[j] -= step[j];
                }

                if (step.Max(Math.Abs) < 1e-8)
                {
                    break;
                }
            }

            return new Stacker(w[0], w[1], w[2]);
        }

        private static double[] Solve3(double[,] m, double[] v)
        {
            int n = 3;
            var a = new double[n, n + 1];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    a[i, j] = m[i, j];
                }

                a[i, n] = v[i];
            }

            for (int c = 0; c < n; c++)
            {
                int pivot = Enumerable.Range(c, n - c).MaxBy(r => Math.Abs(a[r, c]));
                for (int j = 0; j <= n; j++)
                {
                    (a[c, j], a[pivot, j]) = (a[pivot, j], a[c, j]);
                }

                for (int r = 0; r < n; r++)
                {
                    if (r != c)
                    {
                        double f = a[r, c] / a[c, c];
                        for (int j = c; j <= n; j++)
                        {
                            a[r, j] -= f * a[c, j];
                        }
                    }
                }
            }

            return Enumerable.Range(0, n).Select(i => a[i, n] / a[i, i]).ToArray();
        }
    }
}
