using System.Globalization;
using RhetoricClassifier.Data;

namespace RhetoricClassifier.Cli.Commands;

/// <summary><c>rhetoric data check PATH...</c>: fails on duplicates and train/test overlap, prints the corpus make-up.</summary>
internal static class DataCheckCommand
{
    public static int Run(CommandArgs cl)
    {
        if (cl.Positional.Count == 0)
        {
            throw new UsageException("'data check' needs at least one PATH: a labelled .jsonl or .csv file, or a folder of them");
        }

        var files = DataPaths.Expand(cl.Positional, includeTestFiles: true);
        var training = LabeledDataReader.ReadFiles(files.Where(f => !DataPaths.IsTestFile(f)));
        var test = LabeledDataReader.ReadFiles(files.Where(DataPaths.IsTestFile));
        CorpusReport report = CorpusChecker.Check(training, test);
        Print("training", report.Training);
        if (test.Count > 0)
        {
            Print("test", report.Test);
        }

        if (report.Problems.Count == 0)
        {
            Console.WriteLine("no duplicates, no train/test overlap");
            return ExitCodes.Success;
        }

        foreach (string p in report.Problems)
        {
            Console.Error.WriteLine($"rhetoric: {p}");
        }

        Console.Error.WriteLine($"rhetoric: {report.Problems.Count} problem(s) found");
        return ExitCodes.UsageOrInputError;
    }

    private static void Print(string name, CorpusCounts c)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {c.Sentences} sentences"));
        foreach (var (tag, n) in c.PerTag)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {tag,-18} {n,6}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"none",-18} {c.Untagged,6}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"multi-tag",-18} {c.MultiTag,6}  ({c.MultiTagShare:P1} of tagged sentences)"));
        Console.WriteLine("  genres:");
        foreach (var (genre, n) in c.PerGenre)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {genre,-24} {n,6}"));
        }
    }
}
