using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using RhetoricClassifier;
using RhetoricClassifier.Cli;
using RhetoricClassifier.Cli.Output;

StandardStreams.ReserveClosedDescriptors();

// A Native AOT build cannot run ML.NET: it hands the commands that need it to its managed build (ManagedCompanion).
return ManagedCompanion.IsNativeBuild && ManagedCompanion.IsNeededFor(args)
    ? ManagedCompanion.Run(args, ManagedCompanion.DefaultPath)
    : await CliApp.RunAsync(args).ConfigureAwait(false);

namespace RhetoricClassifier.Cli
{
    /// <summary>Dispatches commands and turns every failure into a message and a documented exit code.</summary>
    internal static class CliApp
    {
        /// <summary>How long a run may take to wind down after a signal before it is ended by force.</summary>
        private static readonly TimeSpan SignalGrace = TimeSpan.FromSeconds(2);

        public static async Task<int> RunAsync(string[] args)
        {
            // Every message of the tool is English; System.CommandLine's would follow the locale and mix languages.
            CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            StandardStreams.ProtectStandardError();
            using var cts = new CancellationTokenSource();
            int signals = 0;
            void OnSignal(PosixSignalContext ctx)
            {
                ctx.Cancel = true;
                cts.Cancel();
                if (Interlocked.Increment(ref signals) == 1)
                {
                    // Cancellation cannot reach a thread blocked in open() on a FIFO with no writer, or one
                    // deep in a library call: give the run a moment, then remove temporary files and go.
                    new Thread(() =>
                    {
                        Thread.Sleep(SignalGrace);
                        ForceExit();
                    }) { IsBackground = true }.Start();
                }
                else
                {
                    ForceExit();
                }
            }

            // SIGHUP (terminal closed, ssh dropped) ends the run like SIGTERM and Ctrl+C.
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
            try
            {
                return await RunCoreAsync(args, cts).ConfigureAwait(false);
            }
            finally
            {
                s_finished = true;
            }
        }

        private static async Task<int> RunCoreAsync(string[] args, CancellationTokenSource cts)
        {
            try
            {
                return await DispatchAsync(args, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                Console.Error.WriteLine($"rhetoric: interrupted; {OutputState()}");
                return ExitCodes.Interrupted;
            }
            catch (BrokenPipeException)
            {
                // The reader has gone (`rhetoric score big | head -1`): stop quietly, as a tool killed by SIGPIPE would.
                return ExitCodes.BrokenPipe;
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine($"rhetoric: {e.Message}");
                return ExitCodes.UsageOrInputError;
            }
            catch (RhetoricClassifierException e)
            {
                Console.Error.WriteLine($"rhetoric: {e.Message}");
                return ExitCodes.UsageOrInputError;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"rhetoric: {e.Message}");
                if (Environment.GetEnvironmentVariable("RHETORIC_DEBUG") == "1")
                {
                    Console.Error.WriteLine(e);
                }

                return ExitCodes.UsageOrInputError;
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"rhetoric: unexpected failure: {e.GetType().Name}: {e.Message}");
                if (Environment.GetEnvironmentVariable("RHETORIC_DEBUG") == "1")
                {
                    Console.Error.WriteLine(e);
                }
                else
                {
                    Console.Error.WriteLine("rhetoric: set RHETORIC_DEBUG=1 for the full trace, and please report it");
                }

                return ExitCodes.UnexpectedFailure;
            }
        }

        private static string OutputState()
        {
            long written = OutputTarget.BytesWrittenInPlace;
            return written == 0 ? "no output was written" : $"the output is incomplete (up to {written:N0} bytes were written to standard output or a device)";
        }

        private static volatile bool s_finished;

        private static void ForceExit()
        {
            if (s_finished)
            {
                return;
            }

            OutputTarget.DeleteAbandonedTemps();
            Console.Error.WriteLine($"rhetoric: interrupted; {OutputState()}");
            Environment.Exit(ExitCodes.Interrupted);
        }

        private static async Task<int> DispatchAsync(string[] args, CancellationToken cancellationToken)
        {
            RootCommand root = CommandTree.Build();
            if (args.Length == 0)
            {
                CommandTree.WriteOverview(root);
                return ExitCodes.UsageOrInputError;
            }

            ParseResult result = root.Parse(args, CommandTree.Parser);
            IReadOnlyList<string> problems = CommandTree.Problems(result);
            if (problems.Count > 0)
            {
                throw new UsageException(string.Join("\nrhetoric: ", problems));
            }

            return await result.InvokeAsync(CommandTree.Invocation, cancellationToken).ConfigureAwait(false);
        }
    }
}
