using System.Runtime.InteropServices;
using RhetoricClassifier;
using RhetoricClassifier.Cli;
using RhetoricClassifier.Cli.Commands;

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
              train               train a model on labelled sentences
              eval                measure a model on labelled sentences
              data check PATH...  check labelled data: duplicates, tags, train/test overlap, counts
              bench               quick throughput measurement of each scoring path

            Run 'rhetoric COMMAND --help' for a command's options.
            Exit codes: 0 success, 1 unexpected failure, 2 usage or input error, 130 interrupted.
            """;

        public static async Task<int> RunAsync(string[] args)
        {
            using var cts = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                cts.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
            {
                ctx.Cancel = true;
                cts.Cancel();
            });
            try
            {
                return await DispatchAsync(args, cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                Console.Error.WriteLine("rhetoric: interrupted; no output was written");
                return ExitCodes.Interrupted;
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
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
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
                "train" => TrainCommand.Run(rest, cancellationToken),
                "eval" => EvalCommand.Run(rest, cancellationToken),
                "data check" => DataCheckCommand.Run(rest),
                "bench" => BenchCommand.Run(rest, cancellationToken),
                _ => throw new UsageException($"unknown command '{command}' (see 'rhetoric --help')"),
            };
        }

        private static string HelpFor(string command) => command switch
        {
            "score" => ScoreCommand.Help,
            "train" => TrainCommand.Help,
            "eval" => EvalCommand.Help,
            "data check" => DataCheckCommand.Help,
            "bench" => BenchCommand.Help,
            _ => throw new UsageException($"unknown command '{command}' (see 'rhetoric --help')"),
        };
    }
}
