namespace RhetoricClassifier.Tests;

/// <summary>Finds files of the repository from the test binaries' folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string TrainingData => Path.Combine(Root, "training-data");

    public static string Examples => Path.Combine(Root, "examples");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RhetoricClassifier.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (RhetoricClassifier.sln) above " + AppContext.BaseDirectory);
    }
}
