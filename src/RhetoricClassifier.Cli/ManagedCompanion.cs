using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RhetoricClassifier.Cli;

/// <summary>
/// Runs <c>train</c>, which needs ML.NET, in the framework-dependent build of this same tool that a Native AOT build
/// carries beside itself (<c>managed/rhetoric.dll</c>): ML.NET builds its data pipelines by reflection and code
/// generation, which a Native AOT process lacks, while every other command (scoring, explanations, reports, eval)
/// runs natively and starts in a few milliseconds.
/// </summary>
/// <remarks>
/// The managed build runs as a child process on the .NET runtime that installed the tool, with the same arguments and
/// the same standard streams; its exit code is this process's. Ctrl+C reaches it directly (the terminal signals the
/// whole foreground process group); SIGTERM and SIGHUP sent to this process are passed on to it, and this process
/// waits for it to finish its own clean-up (temporary files) rather than exit first.
/// </remarks>
internal static class ManagedCompanion
{
    /// <summary>
    /// True in a Native AOT build: no code can be generated at run time, so ML.NET cannot run. A managed build always has
    /// its entry assembly, rhetoric.dll, beside it; a native one is the executable alone (with managed/ beside it).
    /// </summary>
    public static bool IsNativeBuild { get; } = !RuntimeFeature.IsDynamicCodeSupported && !File.Exists(Path.Combine(AppContext.BaseDirectory, "rhetoric.dll"));

    /// <summary>Where a Native AOT build keeps its managed companion.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "managed", "rhetoric.dll");

    /// <summary>Whether <paramref name="args"/> ask for a command that needs ML.NET.</summary>
    public static bool IsNeededFor(IReadOnlyList<string> args) => args.Count > 0 && args[0] == "train";

    /// <summary>Runs <paramref name="args"/> in the managed build at <paramref name="companion"/> and returns its exit code.</summary>
    /// <param name="args">The command line, as this process received it.</param>
    /// <param name="companion">The managed build's entry assembly.</param>
    /// <param name="host">The <c>dotnet</c> executable; null to look for it.</param>
    public static int Run(IReadOnlyList<string> args, string companion, string? host = null)
    {
        if (!File.Exists(companion))
        {
            Console.Error.WriteLine($"rhetoric: '{args[0]}' needs ML.NET, which this native build cannot run, and the managed build it starts for it is missing: {companion}");
            return ExitCodes.UnexpectedFailure;
        }

        host ??= FindHost();
        if (host is null)
        {
            Console.Error.WriteLine($"rhetoric: '{args[0]}' runs on the .NET 10 runtime (ML.NET cannot run in this native build), and no 'dotnet' was found: set DOTNET_ROOT or put dotnet on PATH");
            return ExitCodes.UsageOrInputError;
        }

        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        start.ArgumentList.Add(companion);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {host}");
        void Forward(PosixSignalContext context)
        {
            context.Cancel = true; // this process stays until the child has finished
            _ = Kill(child.Id, context.Signal == PosixSignal.SIGTERM ? SigTerm : SigHup);
        }

        using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, Forward))
        using (PosixSignalRegistration.Create(PosixSignal.SIGHUP, Forward))
        using (PosixSignalRegistration.Create(PosixSignal.SIGINT, static context => context.Cancel = true)) // the child has it too
        {
            child.WaitForExit();
        }

        return child.ExitCode;
    }

    /// <summary>The <c>dotnet</c> host: the one the SDK names, else the first on PATH, else the one in DOTNET_ROOT.</summary>
    internal static string? FindHost() => FindHost(Environment.GetEnvironmentVariable);

    /// <summary><see cref="FindHost()"/> with the environment given.</summary>
    internal static string? FindHost(Func<string, string?> environment)
    {
        string? named = environment("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(named) && File.Exists(named))
        {
            return named;
        }

        foreach (string dir in (environment("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "dotnet");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        string? root = environment("DOTNET_ROOT");
        string? inRoot = string.IsNullOrEmpty(root) ? null : Path.Combine(root, "dotnet");
        return inRoot is not null && File.Exists(inRoot) ? inRoot : null;
    }

    private const int SigHup = 1;
    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = false)]
    private static extern int Kill(int pid, int signal);
}
