using System.Diagnostics;
using System.Globalization;

namespace RhetoricClassifier.Cli.Output;

/// <summary>
/// A one-line progress display on standard error (documents, sentences, sentences per second), shown only
/// when standard error is a terminal and <c>--quiet</c> was not given.
/// </summary>
internal sealed class ProgressReporter(bool enabled, long totalChars)
{
    private long _chars;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDraw;
    private long _sentences;
    private long _documents;
    private bool _finished;

    /// <param name="quiet">Whether <c>--quiet</c> was given.</param>
    /// <param name="totalChars">About how many characters the input holds (file sizes), or 0 when unknown (standard input).</param>
    public static ProgressReporter Create(bool quiet, long totalChars) => new(!quiet && !Console.IsErrorRedirected, totalChars);

    public long Sentences => _sentences;

    public void Add(int documents, int sentences, long chars)
    {
        _chars += chars;
        _documents += documents;
        _sentences += sentences;
        if (enabled && _clock.ElapsedMilliseconds - _lastDraw >= 200)
        {
            _lastDraw = _clock.ElapsedMilliseconds;
            Draw();
        }
    }

    /// <summary>Draws the final line and ends it; later calls do nothing (a summary table finishes it before it is drawn).</summary>
    public void Finish()
    {
        if (enabled && !_finished)
        {
            _finished = true;
            _chars = Math.Max(_chars, totalChars); // file sizes count bytes, progress counts characters
            Draw();
            Console.Error.WriteLine();
        }
    }

    private void Draw() => Console.Error.Write("\r" + Line(_documents, _sentences, _chars, totalChars, _clock.Elapsed) + "   ");

    /// <summary>
    /// The progress line: a bar, share done, elapsed time and an ETA when the input size is known (files), then
    /// documents, sentences and sentences per second. The ETA assumes the rest goes at the pace so far.
    /// </summary>
    internal static string Line(long documents, long sentences, long chars, long totalChars, TimeSpan elapsed)
    {
        double seconds = Math.Max(elapsed.TotalSeconds, 1e-3);
        string head = string.Create(CultureInfo.InvariantCulture, $"{Clock(elapsed)} ");
        if (totalChars > 0)
        {
            double done = Math.Clamp((double)chars / totalChars, 0, 1);
            int filled = (int)(done * 30);
            string eta = done > 0 && done < 1 ? " ETA " + Clock(TimeSpan.FromSeconds(seconds * (1 - done) / done)) : "";
            head = string.Create(CultureInfo.InvariantCulture, $"[{new string('#', filled)}{new string('-', 30 - filled)}] {done * 100,3:0}% {Clock(elapsed)}{eta} ");
        }

        return head + string.Create(CultureInfo.InvariantCulture, $"{documents:N0} documents, {sentences:N0} sentences, {sentences / seconds:N0} sentences/s");
    }

    /// <summary>
    /// What to add to the line that starts step <paramref name="done"/> + 1 of <paramref name="total"/> (train's folds and
    /// its final model): the time so far and, once a step has finished, about how long the rest takes at the pace so far.
    /// </summary>
    internal static string StepSuffix(int done, int total, TimeSpan elapsed)
        => done <= 0 ? ""
            : $" ({Clock(elapsed)} elapsed, about {Clock(TimeSpan.FromSeconds(elapsed.TotalSeconds / done * Math.Max(total - done, 0)))} left)";

    private static string Clock(TimeSpan t)
        => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
