using System.Runtime.InteropServices;
using RhetoricClassifier;
using RhetoricClassifier.Cli;
using RhetoricClassifier.Cli.Commands;
using RhetoricClassifier.Cli.Output;

return await CliApp.RunAsync(args).ConfigureAwait(false);

namespace RhetoricClassifier.Cli
{
    /// <summary>Dispatches commands and turns every failure into a message and a documented exit code.</summary>
    internal static class CliApp
    {
        private const string Usage = """
            rhetoric: tags the rhetoric in corporate statements, sentence by sentence
            (ai_justification, cost_capex, human_impact).

            Usage: rhetoric COMMAND [options]

            Commands:
              score PATH...       tag every sentence of files, folders, .jsonl or - (stdin)
              extract PATH...     write the text read from web pages, PDFs and Word files
              train               train a model on labelled sentences
              eval                measure a model on labelled sentences
              data check PATH...  check labelled data: duplicates, tags, train/test overlap, counts
              explain "SENTENCE"  which words pushed each tag up or down, coloured, with weights
              bench               quick throughput measurement of each scoring path

            Run 'rhetoric COMMAND --help' for a command's options.
            Exit codes: 0 success, 1 unexpected failure, 2 usage or input error, 130 interrupted,
            141 the reader of the output went away (broken pipe).
            """;

        /// <summary>How long a run may take to wind down after a signal before it is ended by force.</summary>
        private static readonly TimeSpan SignalGrace = TimeSpan.FromSeconds(2);

        public static async Task<int> RunAsync(string[] args)
        {
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
            if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
            {
                Console.WriteLine(Usage);
                return args.Length == 0 ? ExitCodes.UsageOrInputError : ExitCodes.Success;
            }

            if (args[0] == "--version")
            {
                Console.WriteLine(typeof(RhetoricModel).Assembly.GetName().Version?.ToString(3));
                return ExitCodes.Success;
            }

            string command = args[0];
            string[] rest = args[1..];
            if (command == "data" && rest.Length > 0 && rest[0] == "check")
            {
                command = "data check";
                rest = rest[1..];
            }

            if (rest.Contains("--help") || rest.Contains("-h"))
            {
                Console.WriteLine(HelpFor(command));
                return ExitCodes.Success;
            }

            return command switch
            {
                "score" => await ScoreCommand.RunAsync(rest, cancellationToken).ConfigureAwait(false),
                "train" => await TrainCommand.RunAsync(rest, cancellationToken).ConfigureAwait(false),
                "extract" => await ExtractCommand.RunAsync(rest, cancellationToken).ConfigureAwait(false),
                "eval" => EvalCommand.Run(rest, cancellationToken),
                "data check" => DataCheckCommand.Run(rest),
                "bench" => BenchCommand.Run(rest, cancellationToken),
                "explain" => ExplainCommand.Run(rest, cancellationToken),
                _ => throw new UsageException($"unknown command '{command}' (see 'rhetoric --help')"),
            };
        }

        private static string HelpFor(string command) => command switch
        {
            "score" => ScoreCommand.Help,
            "extract" => ExtractCommand.Help,
            "train" => TrainCommand.Help,
            "eval" => EvalCommand.Help,
            "data check" => DataCheckCommand.Help,
            "bench" => BenchCommand.Help,
            "explain" => ExplainCommand.Help,
            _ => throw new UsageException($"unknown command '{command}' (see 'rhetoric --help')"),
        };
    }
}
