namespace RhetoricClassifier.Cli;

/// <summary>The process exit codes, documented in the README.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int UnexpectedFailure = 1;
    public const int UsageOrInputError = 2;

    /// <summary>Interrupted by Ctrl+C, SIGTERM or SIGHUP (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>The reader of the output went away (128 + SIGPIPE, what a shell reports for a tool killed by it).</summary>
    public const int BrokenPipe = 141;
}
