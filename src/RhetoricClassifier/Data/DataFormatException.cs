namespace RhetoricClassifier;

/// <summary>A line of a labelled-data or input file is malformed. The message names the file, the line and the problem.</summary>
public sealed class DataFormatException : RhetoricClassifierException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file path (or other name) of the input.</param>
    /// <param name="lineNumber">The 1-based line number, or 0 when the problem is not tied to a line.</param>
    /// <param name="problem">What is wrong with the line.</param>
    public DataFormatException(string source, int lineNumber, string problem)
        : base(lineNumber > 0 ? $"{source}:{lineNumber}: {problem}" : $"{source}: {problem}")
    {
        Source = source;
        LineNumber = lineNumber;
        Problem = problem;
    }

    /// <summary>The file path (or other name) of the input.</summary>
    public new string Source { get; }

    /// <summary>The 1-based line number, or 0 when the problem concerns the whole file.</summary>
    public int LineNumber { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}
