namespace RhetoricClassifier.Cli;

/// <summary>The command line or an input the user named is wrong: exit code 2, the message on stderr, no stack trace.</summary>
internal sealed class UsageException(string message) : Exception(message);
