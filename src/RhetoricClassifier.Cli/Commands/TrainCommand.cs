using System.Diagnostics;
using System.Globalization;
using RhetoricClassifier.Cli.Output;
using RhetoricClassifier.Data;
using RhetoricClassifier.Training;

namespace RhetoricClassifier.Cli.Commands;

/// <summary><c>rhetoric train</c>: cross-validates, prints the table, writes the model.</summary>
internal static class TrainCommand
{
    public static async Task<int> RunAsync(CommandArgs cl, CancellationToken cancellationToken)
    {
        if (cl.Positional.Count > 0)
        {
            throw new UsageException($"'train' takes no positional arguments (got '{cl.Positional[0]}'); use --data PATH");
        }

        string output = cl.Get("--output") ?? throw new UsageException("'train' needs --output FILE");
        var defaults = TrainingOptions.Default;
        (int cmin, int cmax) = ParseCharRange(cl.Get("--char-ngrams"), defaults);
        var options = defaults with
        {
            Folds = cl.GetInt("--folds", defaults.Folds, 2, 50),
            Seed = cl.GetInt("--seed", defaults.Seed, 0, int.MaxValue),
            NumberOfTrees = cl.GetInt("--trees", defaults.NumberOfTrees, 1, 10_000),
            NumberOfLeaves = cl.GetInt("--leaves", defaults.NumberOfLeaves, 2, 64),
            WordNgramLength = cl.GetInt("--word-ngrams", defaults.WordNgramLength, 1, 4),
            CharNgramMin = cmin,
            CharNgramMax = cmax,
            LinearWeight = cl.GetDouble("--linear-weight", defaults.LinearWeight, 0, 1),
        };

        List<string> dataFiles = DataPaths.Expand(cl.All("--data"));

        // Checked and opened (so the folder is known to be writable) before minutes of training.
        var target = OutputTarget.Open(output, dataFiles.Select(f => (f, "a data file")));
        await using (target.ConfigureAwait(false))
        {
            var data = LabeledDataReader.ReadFiles(dataFiles);
            // --quiet drops the progress lines, never the warnings (duplicate-heavy data, ...).
            bool quiet = cl.Has("--quiet");
            if (!quiet)
            {
                Console.Error.WriteLine($"rhetoric: training on {data.Count} sentences");
            }

            // Every other line the trainer reports starts a step: each fold, then the final model on all data.
            var clock = Stopwatch.StartNew();
            int started = 0;
            IProgress<string> progress = new SyncProgress(m =>
            {
                if (m.StartsWith("warning: ", StringComparison.Ordinal))
                {
                    Console.Error.WriteLine($"rhetoric: {m}");
                }
                else if (!quiet)
                {
                    Console.Error.WriteLine($"rhetoric: {m}{ProgressReporter.StepSuffix(started++, options.Folds + 1, clock.Elapsed)}");
                }
            });
            RhetoricModel model = RhetoricModel.Train(data, options, progress, cancellationToken);
            Console.WriteLine($"{options.Folds}-fold cross-validation (out-of-fold, at the chosen thresholds):");
            Console.WriteLine(model.Manifest.CrossValidation!.ToTable());
            Console.WriteLine("thresholds: " + string.Join(", ", model.Manifest.Thresholds.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value:0.000}"))));
            cancellationToken.ThrowIfCancellationRequested();
            model.Save(target.Stream);
            await target.CommitAsync().ConfigureAwait(false);
        }

        Console.WriteLine($"model written to {output}");
        return ExitCodes.Success;
    }

    private static (int Min, int Max) ParseCharRange(string? value, TrainingOptions defaults)
    {
        if (value is null)
        {
            return (defaults.CharNgramMin, defaults.CharNgramMax);
        }

        if (value == "0")
        {
            return (0, 0);
        }

        string[] parts = value.Split('-');
        if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int min) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int max)
            && min >= 1 && max >= min && max <= 8)
        {
            return (min, max);
        }

        throw new UsageException($"--char-ngrams must be MIN-MAX (1 <= MIN <= MAX <= 8) or 0, not '{value}'");
    }

    // Progress<T> posts to the thread pool; training is synchronous, so report inline.
    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
