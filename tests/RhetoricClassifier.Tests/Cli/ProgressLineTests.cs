using RhetoricClassifier.Cli.Commands;
using RhetoricClassifier.Cli.Output;

namespace RhetoricClassifier.Tests.Cli;

public class ProgressLineTests
{
    [Theory]
    // documents, sentences, chars done, total chars, elapsed s -> expected line
    [InlineData(10, 500, 250, 1000, 30, "[#######-----------------------]  25% 0:30 ETA 1:30 10 documents, 500 sentences, 17 sentences/s")]
    [InlineData(40, 2000, 1000, 1000, 120, "[##############################] 100% 2:00 40 documents, 2,000 sentences, 17 sentences/s")]
    [InlineData(3, 9000, 0, 0, 4000, "1:06:40 3 documents, 9,000 sentences, 2 sentences/s")]
    public void The_line_shows_share_elapsed_time_and_an_eta_when_the_size_is_known(long documents, long sentences, long chars, long total, double seconds, string expected)
        => Assert.Equal(expected, ProgressReporter.Line(documents, sentences, chars, total, TimeSpan.FromSeconds(seconds)));

    [Theory]
    // results to the terminal, format, --summary -> a progress line is shown (when standard error is a terminal)
    [InlineData(false, "jsonl", false, true)]
    [InlineData(false, "table", false, true)]
    [InlineData(true, "table", false, false)] // the sentence table is drawn as documents are scored
    [InlineData(true, "jsonl", false, false)]
    [InlineData(true, "csv", true, false)]    // summary records are written as each document ends
    [InlineData(true, "table", true, true)]   // the summary table comes at the end, after the progress line
    [InlineData(true, "html", false, true)]
    public void A_progress_line_is_shown_only_where_it_does_not_break_up_the_results(bool resultsToTerminal, string format, bool summary, bool shown)
        => Assert.Equal(shown, ScoreCommand.LeavesTheTerminalToProgress(resultsToTerminal, format, summary));

    [Theory]
    // steps done, steps in all, elapsed s -> what the line that starts the next step ends with
    [InlineData(0, 6, 0, "")]
    [InlineData(1, 6, 40, " (0:40 elapsed, about 3:20 left)")]
    [InlineData(5, 6, 300, " (5:00 elapsed, about 1:00 left)")]
    [InlineData(2, 51, 3000, " (50:00 elapsed, about 20:25:00 left)")]
    public void A_step_line_shows_elapsed_time_and_the_time_left_once_a_step_has_finished(int done, int total, double seconds, string expected)
        => Assert.Equal(expected, ProgressReporter.StepSuffix(done, total, TimeSpan.FromSeconds(seconds)));
}
