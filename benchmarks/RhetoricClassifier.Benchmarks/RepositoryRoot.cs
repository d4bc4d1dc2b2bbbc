namespace RhetoricClassifier.Benchmarks;

/// <summary>Finds the repository (for <c>training-data/</c>) from the working folder or the binaries.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "RhetoricClassifier.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("run from inside the repository: training-data/ is needed");
    }
}
