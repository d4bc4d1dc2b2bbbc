using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using RhetoricClassifier.Data;
using RhetoricClassifier.Features;
using RhetoricClassifier.Models;
using RhetoricClassifier.Training;

namespace RhetoricClassifier.Benchmarks;

/// <summary>
/// <c>compare-models</c>: trains several settings on <c>training-data/</c> (thresholds from 3-fold
/// out-of-fold predictions), measures each on the held-out test split, and times single-thread scoring.
/// A linear ML.NET learner (L-BFGS logistic regression on the same features) is the reference.
/// The table it prints is recorded in <c>training-data/README.md</c>.
/// </summary>
internal static class ModelComparison
{
    public static void Run(string root)
    {
        var files = Directory.GetFiles(Path.Combine(root, "training-data"), "*.jsonl").Order(StringComparer.Ordinal).ToList();
        var train = LabeledDataReader.ReadFiles(files.Where(f => !Path.GetFileName(f).Contains("test", StringComparison.Ordinal)));
        var test = LabeledDataReader.ReadFiles(files.Where(f => Path.GetFileName(f).Contains("test", StringComparison.Ordinal)));
        var d = TrainingOptions.Default with { Folds = 3 };
        var settings = new (string Name, TrainingOptions Options)[]
        {
            ("default: words 1-2, chars 3-5, 150 trees x 16 leaves, lr 0.2", d),
            ("300 trees x 16 leaves, lr 0.1", d with { NumberOfTrees = 300, LearningRate = 0.1 }),
            ("words 1 only, chars 3-5", d with { WordNgramLength = 1 }),
            ("words 1-3, chars 3-5", d with { WordNgramLength = 3 }),
            ("words 1-2, no chars", d with { CharNgramMin = 0, CharNgramMax = 0 }),
            ("words 1-2, chars 2-4", d with { CharNgramMin = 2, CharNgramMax = 4 }),
            ("words 1-2, chars 3-6", d with { CharNgramMax = 6 }),
            ("100 trees x 32 leaves, lr 0.2", d with { NumberOfTrees = 100, NumberOfLeaves = 32, LearningRate = 0.2 }),
            ("300 trees x 8 leaves", d with { NumberOfTrees = 300, NumberOfLeaves = 8 }),
            ("1,000 features per tag", d with { FeaturesPerTag = 1000 }),
            ("4,000 features per tag", d with { FeaturesPerTag = 4000 }),
        };

        Console.WriteLine($"{train.Count} training sentences, {test.Count} test sentences");
        Console.WriteLine("| setting | test F1 ai | test F1 cost | test F1 human | test micro-F1 | test macro-F1 | sentences/s (1 thread) | train s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var (name, options) in settings)
        {
            var clock = Stopwatch.StartNew();
            var model = RhetoricModel.Train(train, options);
            double trainSeconds = clock.Elapsed.TotalSeconds;
            var report = model.Evaluate(test);
            Print(name, report, Throughput(model, test), trainSeconds);
        }

        var linear = Stopwatch.StartNew();
        var linearReport = Linear(train, test, d);
        Print("reference: L-BFGS logistic regression, same features", linearReport, double.NaN, linear.Elapsed.TotalSeconds);
    }

    private static void Print(string name, EvaluationReport r, double perSecond, double trainSeconds)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {r.Tags[0].F1:0.000} | {r.Tags[1].F1:0.000} | {r.Tags[2].F1:0.000} | {r.MicroF1:0.000} | {r.MacroF1:0.000} | {(double.IsNaN(perSecond) ? "n/a" : perSecond.ToString("N0", CultureInfo.InvariantCulture))} | {trainSeconds:0} |"));

    private static double Throughput(RhetoricModel model, IReadOnlyList<LabeledSentence> test)
    {
        foreach (var s in test)
        {
            model.Classify(s.Text);
        }

        long n = 0;
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 1500)
        {
            foreach (var s in test)
            {
                model.Classify(s.Text);
                n++;
            }
        }

        return n / clock.Elapsed.TotalSeconds;
    }

    private static EvaluationReport Linear(IReadOnlyList<LabeledSentence> train, IReadOnlyList<LabeledSentence> test, TrainingOptions options)
    {
        var thresholds = new Dictionary<string, float>();
        var oof = new float[train.Count][];
        for (int k = 0; k < options.Folds; k++)
        {
            var part = train.Where((_, i) => i % options.Folds != k).ToList();
            var fit = FitLinear(part, options);
            for (int i = k; i < train.Count; i += options.Folds)
            {
                oof[i] = fit(train[i].Text);
            }
        }

        foreach (RhetoricTag tag in RhetoricTags.All)
        {
            thresholds[tag.Id()] = ModelTrainer.BestF1Threshold(oof.Select(p => p[(int)tag]).ToArray(), train.Select(s => s.Labels.Contains(tag)).ToArray());
        }

        var final = FitLinear(train, options);
        return EvaluationReport.Compute(test.Select(s => s.Labels).ToList(), test.Select(s => RhetoricTags.Decide(final(s.Text), RhetoricTags.ThresholdArray(thresholds))).ToList());
    }

    private static Func<string, float[]> FitLinear(IReadOnlyList<LabeledSentence> data, TrainingOptions options)
    {
        var vocabulary = FeatureVocabulary.Build(data.Select(d => (d.Text, d.Labels)).ToList(), options.Features, options.MinDocumentFrequency, options.FeaturesPerTag, default);
        var context = new MLContext(options.Seed);
        var engines = new List<PredictionEngine<MlNetInterop.FeatureRow, MlNetInterop.PredictionRow>>();
        foreach (RhetoricTag tag in RhetoricTags.All)
        {
            var rows = data.Select(d => MlNetInterop.Row(vocabulary, d.Text, d.Labels.Contains(tag))).ToList();
            var view = context.Data.LoadFromEnumerable(rows, MlNetInterop.Schema(vocabulary.Count));
            var pipeline = context.Transforms.NormalizeMinMax(MlNetInterop.FeaturesColumn)
                .Append(context.BinaryClassification.Trainers.LbfgsLogisticRegression(MlNetInterop.LabelColumn, MlNetInterop.FeaturesColumn));
            var model = pipeline.Fit(view);
            engines.Add(context.Model.CreatePredictionEngine<MlNetInterop.FeatureRow, MlNetInterop.PredictionRow>(model, inputSchemaDefinition: MlNetInterop.Schema(vocabulary.Count)));
        }

        return text =>
        {
            var row = MlNetInterop.Row(vocabulary, text);
            return engines.Select(e => e.Predict(row).Probability).ToArray();
        };
    }
}
