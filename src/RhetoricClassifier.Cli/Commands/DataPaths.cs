using RhetoricClassifier.Data;

namespace RhetoricClassifier.Cli.Commands;

/// <summary>
/// Expands <c>--data</c> paths: a file is taken as it is; a folder contributes its <c>.jsonl</c> and
/// <c>.csv</c> files (not recursively, in ordinal order) except those with <c>test</c> in their name,
/// which hold held-out splits.
/// </summary>
internal static class DataPaths
{
    public static List<string> Expand(IReadOnlyList<string> paths, bool includeTestFiles = false)
    {
        if (paths.Count == 0)
        {
            throw new UsageException("--data needs at least one file or folder of labelled data (.jsonl or .csv)");
        }

        var files = new List<string>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path)
                    .Where(f => f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
                    .Where(f => includeTestFiles || !IsTestFile(f))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                {
                    throw new UsageException($"{path}: the folder has no .jsonl or .csv training files");
                }

                files.AddRange(found);
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new UsageException($"{path}: no such file or folder");
            }
        }

        return files;
    }

    public static bool IsTestFile(string path) => Path.GetFileName(path).Contains("test", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<LabeledSentence> Read(IReadOnlyList<string> paths, bool includeTestFiles = false)
        => LabeledDataReader.ReadFiles(Expand(paths, includeTestFiles));
}
